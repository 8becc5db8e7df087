import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import {
  applyControl,
  DEFAULT_BEHAVIOUR,
  seededRandom,
  seedFrom,
  type Behaviour,
} from './behaviour.js';
import { intParam, readBody, readJson, RequestError, sendJson } from './http-io.js';
import { VERSION } from './version.js';
import { hostInUrl, listen } from './listen.js';

export interface SampleServiceOptions {
  name: string;
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** When set, /admin/* requires `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** Start in this behaviour instead of healthy. */
  behaviour?: Partial<Behaviour>;
  /** Seed of the flaky mode's PRNG; defaults to one derived from the name. */
  seed?: number;
  /**
   * How slow mode and /admin/sleep wait. Tests pass one they release themselves, so they check
   * that a response waits without measuring wall-clock time; the default is a timer close() cancels.
   */
  sleep?: (ms: number) => Promise<void>;
}

export interface SampleService {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP service to watch and operate: JSON /health whose behaviour can be changed on
 * demand (POST /control), and admin endpoints that operations call.
 */
export async function createSampleService(options: SampleServiceOptions): Promise<SampleService> {
  const { name } = options;
  const host = options.host ?? '127.0.0.1';
  const random = seededRandom(options.seed ?? seedFrom(name));
  let behaviour: Behaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  let startedAt = Date.now();
  let flushes = 0;
  const timers = new Set<NodeJS.Timeout>();

  const timerSleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const sleep = options.sleep ?? timerSleep;

  async function health(res: ServerResponse): Promise<void> {
    const { mode, latencyMs, failRate } = behaviour;
    if (mode === 'hang') return; // never answers; the probe's timeout must catch it
    if (latencyMs > 0) await sleep(latencyMs);
    const failing = mode === 'fail' || (mode === 'flaky' && random() < failRate);
    sendJson(res, failing ? 503 : 200, {
      status: failing ? 'failing' : 'ok',
      service: name,
      version: VERSION,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    });
  }

  function requireAdmin(req: IncomingMessage): void {
    if (options.adminToken === undefined) return;
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const expected = Buffer.from(options.adminToken);
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new RequestError(401, 'admin endpoints need Authorization: Bearer <admin token>');
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sample');
    const method = req.method ?? 'GET';
    const is = (m: string, path: string) => method === m && url.pathname === path;

    if (is('GET', '/health') || is('HEAD', '/health')) return health(res);
    if (is('GET', '/'))
      return sendJson(res, 200, {
        service: name,
        version: VERSION,
        endpoints: ['/health', '/control', '/admin/*'],
      });
    if (is('GET', '/control')) return sendJson(res, 200, behaviour);
    if (is('POST', '/control')) {
      const next = applyControl(behaviour, await readJson(req));
      if (typeof next === 'string') throw new RequestError(400, next);
      behaviour = next;
      return sendJson(res, 200, behaviour);
    }

    if (!url.pathname.startsWith('/admin/'))
      throw new RequestError(404, `no route ${method} ${url.pathname}`);
    requireAdmin(req);
    if (url.pathname === '/admin/echo') {
      const body = await readBody(req);
      return sendJson(res, 200, {
        method,
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
        body,
      });
    }
    if (is('POST', '/admin/cache/flush')) {
      const { region } = (await readJson(req)) as { region?: unknown };
      if (typeof region !== 'string' || region === '')
        throw new RequestError(400, 'region (a string) is required');
      flushes += 1;
      return sendJson(res, 200, { flushed: true, region, at: new Date().toISOString() });
    }
    if (is('POST', '/admin/restart')) {
      sendJson(res, 202, { restarting: true, at: new Date().toISOString() });
      startedAt = Date.now(); // a "restart": uptime starts again
      return;
    }
    if (is('GET', '/admin/config')) {
      return sendJson(res, 200, {
        service: name,
        version: VERSION,
        behaviour,
        cacheFlushes: flushes,
        regions: ['eu', 'us'],
        features: { newCheckout: false },
      });
    }
    if (is('GET', '/admin/large')) {
      const kb = intParam(url, 'kb', 0, 64 * 1024);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': kb * 1024 });
      const chunk = Buffer.alloc(1024, 'x');
      for (let i = 0; i < kb && !res.destroyed; i += 1) {
        if (!res.write(chunk))
          await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      }
      res.end();
      return;
    }
    if (is('POST', '/admin/sleep')) {
      const ms = intParam(url, 'ms', 0, 120_000);
      await sleep(ms);
      return sendJson(res, 200, { slept: ms });
    }
    if (is('GET', '/admin/redirect')) {
      // Deliberately follows anything: it exists to prove the gateway refuses off-host redirects.
      const to = url.searchParams.get('to');
      if (!to) throw new RequestError(400, 'query parameter to is required');
      res.writeHead(302, { location: to, 'content-length': 0 });
      res.end();
      return;
    }
    throw new RequestError(404, `no route ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const status = error instanceof RequestError ? error.status : 500;
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  const port = await listen(server, options.port, host);
  return {
    name,
    port,
    url: `http://${hostInUrl(host)}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
