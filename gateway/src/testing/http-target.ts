import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './self-signed-cert.js';

/**
 * A real HTTP(S) server on 127.0.0.1 with one route per fault a probe must classify:
 *   /health            200 JSON {"status":"ok"}
 *   /status/:code      that status, JSON body
 *   /hang              never answers (timeout)
 *   /reset             promises 1000 bytes, sends 100, then destroys the socket (reset mid-body);
 *                      /reset?chunked does the same without a content-length
 *   /slow-body?ms=N    headers now, the body trickles in over N ms
 *   /large?bytes=N     a body of N bytes
 *   /redirect?to=URL&status=302   a redirect to anything
 *   /invalid-json      application/json that does not parse
 *   /echo              the method, headers and body received, as JSON
 */
export interface HttpTarget {
  url: string;
  port: number;
  /** Paths requested, in order: proves what a probe did (or did not) reach. */
  requests: string[];
  close(): Promise<void>;
}

export async function createHttpTarget(
  options: { tls?: TestCertificate } = {},
): Promise<HttpTarget> {
  const requests: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '/');
    void route(req, res);
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://target');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const statusMatch = /^\/status\/(\d{3})$/.exec(url.pathname);
  if (statusMatch) return json(Number(statusMatch[1]), { status: Number(statusMatch[1]) });
  switch (url.pathname) {
    case '/health':
      return json(200, { status: 'ok', service: 'target' });
    case '/hang':
      return; // never answers; close() destroys the socket
    case '/reset':
      res.writeHead(
        200,
        url.searchParams.has('chunked')
          ? { 'content-type': 'text/plain' }
          : { 'content-type': 'text/plain', 'content-length': '1000' },
      );
      res.write('x'.repeat(100), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    case '/slow-body': {
      const ms = Number(url.searchParams.get('ms') ?? 500);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (!res.destroyed) res.end('"ok"}');
      return;
    }
    case '/large': {
      const bytes = Number(url.searchParams.get('bytes') ?? 2_000_000);
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        if (!res.write(piece))
          await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      }
      if (!res.destroyed) res.end();
      return;
    }
    case '/redirect':
      res.writeHead(Number(url.searchParams.get('status') ?? 302), {
        location: url.searchParams.get('to') ?? '/health',
      });
      res.end();
      return;
    case '/invalid-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status": "ok"');
      return;
    case '/echo': {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return json(200, {
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
    }
    default:
      return json(404, { error: 'not found' });
  }
}
