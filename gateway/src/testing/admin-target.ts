import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A real HTTP service on 127.0.0.1 with the admin endpoints operations are tested against:
 *   POST /admin/cache/flush   {"flushed": <region>}
 *   POST /admin/echo          the method, url, headers and body it received (echoes secrets back)
 *   POST /admin/sleep?ms=N    answers after N ms
 *   GET  /admin/large?kb=N    N KiB of text
 *   GET  /admin/redirect?to=URL  302 to anything
 *   POST /admin/hold          answers only when release() is called
 *   anything else             200 {"path": <path>}
 * Every request is recorded, so a test can prove one did (or did not) arrive.
 */
export async function createAdminTarget() {
  const requests: ReceivedRequest[] = [];
  const held: ServerResponse[] = [];
  const arrivals: Array<() => void> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      for (const arrived of arrivals.splice(0)) arrived();
      const url = new URL(req.url ?? '/', 'http://target');
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      switch (url.pathname) {
        case '/admin/cache/flush':
          return json(200, {
            flushed: (JSON.parse(body || '{}') as { region?: string }).region ?? null,
          });
        case '/admin/echo':
          return json(200, { method: req.method, url: req.url, headers: req.headers, body });
        case '/admin/sleep': {
          const timer = setTimeout(
            () => json(200, { slept: Number(url.searchParams.get('ms')) }),
            Number(url.searchParams.get('ms') ?? 0),
          );
          res.on('close', () => clearTimeout(timer));
          return;
        }
        case '/admin/large':
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('x'.repeat(Number(url.searchParams.get('kb') ?? 1) * 1024));
        case '/admin/redirect':
          res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
          return res.end();
        case '/admin/hold':
          held.push(res);
          return;
        default:
          return json(200, { path: url.pathname });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** Resolves once the next request has arrived (or at once when `count` have). */
    arrived(count: number): Promise<void> {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) =>
        arrivals.push(() =>
          requests.length >= count ? resolve() : void this.arrived(count).then(resolve),
        ),
      );
    },
    release(): void {
      for (const res of held.splice(0)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"released":true}');
      }
    },
    async close(): Promise<void> {
      this.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type AdminTarget = Awaited<ReturnType<typeof createAdminTarget>>;
