import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { createDnsTarget } from './dns-target.js';
import { makeSelfSignedCert } from './self-signed-cert.js';

/**
 * Real loopback targets that fail the way production services do, one path per fault, for the
 * probes' fault suite. Faults that take time (hang, trickles) never end by themselves: the
 * probe's deadline ends them, and close() destroys whatever is left.
 *
 *   http  /hang            accepts, never answers
 *         /slow-body       headers at once, then one body byte every 50 ms, forever
 *         /status/503      a 503
 *         /huge            content-length 100 MB, written as fast as the client reads
 *         /endless         a chunked body that never ends
 *         /loop            302 to itself
 *         /off-host        302 to another host name and port
 *         /invalid-json    application/json that does not parse
 *         /html            200 text/html
 *   raw   /slow-headers    the status line, then one header line every 50 ms, forever
 *         /reset           a TCP RST as soon as the request arrives
 *   https expired          a certificate that expired yesterday (trusted through `ca`)
 *         selfSigned       a self-signed certificate nobody trusts; /downgrade redirects to http
 *   dns   a resolver that knows no name (NXDOMAIN) and never answers for SILENT_NAME
 */
export interface FaultTargets {
  http: string;
  raw: string;
  expired: { url: string; ca: string };
  selfSigned: { url: string; ca: string };
  dnsServer: string;
  /** Bytes /huge and /endless handed to the kernel so far, by path. */
  sent: Record<'/huge' | '/endless', number>;
  close(): Promise<void>;
}

const HUGE_BYTES = 100 * 1024 * 1024;
/** The one name the resolver never answers. */
export const SILENT_NAME = 'silent.aether.test';
const TRICKLE_MS = 50;

export async function startFaultTargets(): Promise<FaultTargets> {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const sent = { '/huge': 0, '/endless': 0 };
  const trickle = (write: () => boolean) => {
    const timer = setInterval(() => {
      if (!write()) clearInterval(timer);
    }, TRICKLE_MS);
    timers.add(timer);
  };
  let offHost = '';

  const http = createHttpServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const redirect = (to: string) => void res.writeHead(302, { location: to }).end();
    switch (path) {
      case '/hang':
        return;
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return trickle(() => !res.destroyed && res.write('.'));
      case '/status/503':
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"failing"}');
        return;
      case '/huge':
      case '/endless': {
        const endless = path === '/endless';
        res.writeHead(200, endless ? {} : { 'content-length': String(HUGE_BYTES) });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        while (!res.destroyed && (endless || sent[path] < HUGE_BYTES)) {
          const ok = res.write(chunk, () => (sent[path] += chunk.length));
          if (!ok) await drainedOrClosed(res);
        }
        return;
      }
      case '/loop':
        return redirect('/loop');
      case '/off-host':
        return redirect(offHost);
      case '/invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "ok"');
        return;
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>ok</body></html>');
        return;
      default:
        res.writeHead(404).end();
    }
  }

  const raw = createNetServer((socket) => {
    socket.once('data', (request) => {
      const path = request.toString('latin1').split(' ')[1];
      if (path === '/reset') return void socket.resetAndDestroy();
      socket.write('HTTP/1.1 200 OK\r\n');
      trickle(() => !socket.destroyed && socket.write('x-slow: 1\r\n'));
    });
  });

  const expiredCert = await makeSelfSignedCert({ days: -1 });
  const selfSignedCert = await makeSelfSignedCert({ days: 90 });
  const tlsAnswer = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/downgrade') {
      // the same host and port, only without TLS: a downgrade, not a move
      const { port } = (req.socket as Socket).address() as AddressInfo;
      return void res.writeHead(302, { location: `http://127.0.0.1:${port}/health` }).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  };
  const expired = createHttpsServer(expiredCert, tlsAnswer);
  const selfSigned = createHttpsServer(selfSignedCert, tlsAnswer);
  const dns = await createDnsTarget({}, { silent: [SILENT_NAME] });

  const servers: Server[] = [http, raw, expired, selfSigned];
  for (const server of servers) {
    server.on('connection', (socket: Socket) => {
      // a probe giving up resets its connection; that ends the fault, not the target's process
      socket.on('error', () => undefined);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  }
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve) =>
          server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
        ),
    ),
  );
  const [httpPort, rawPort, expiredPort, selfSignedPort] = ports;
  offHost = `http://localhost:${rawPort}/health`;

  return {
    http: `http://127.0.0.1:${httpPort}`,
    raw: `http://127.0.0.1:${rawPort}`,
    expired: { url: `https://127.0.0.1:${expiredPort}`, ca: expiredCert.cert },
    selfSigned: { url: `https://127.0.0.1:${selfSignedPort}`, ca: selfSignedCert.cert },
    dnsServer: dns.server,
    sent,
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      await dns.close();
    },
  };
}

/** Waits for the client to take more, or to go away, leaving no listener behind either way. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}
