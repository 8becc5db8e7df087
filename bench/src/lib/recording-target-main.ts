/**
 * The cluster bench's target, run as its own process so that recording 1,000 probes/s is not
 * done on the bench's own event loop (which also reads three SSE streams and samples /proc): it
 * records, per path, who probed it last (the `x-gateway` header) and when, and which gateways
 * probed it since the window opened. Paths marked failing answer 503. The bench drives it over
 * HTTP on the same port (JSON bodies):
 *   POST /control/window        opens a window (forgets who probed what) → {probes}
 *   GET  /control/window        → {probes, probed, duplicates}: paths probed, by more than one
 *   POST /control/fail [paths]  those paths answer 503 from now on; POST /control/ok: none do
 *   POST /control/orphans {gateway}  remembers the paths whose last prober is `gateway` → {count}
 *   GET  /control/takeover?since=ms  → {pending, lastAt}: orphans not probed by another gateway
 *                                     since `since`, and the latest probe of those that were
 *   POST /control/last [paths]   → {path: gateway}: who probed each of those paths last
 *   GET  /control/arrivals?from=ms&to=ms  → {probes}: probes that arrived in those whole seconds
 * Usage: recording-target-main.ts --port P
 */
import http from 'node:http';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;

const last = new Map<string, { gateway: string; at: number }>();
let probers = new Map<string, Set<string> | string>();
let failing = new Set<string>();
let orphans: { paths: string[]; gateway: string } = { paths: [], gateway: '' };
let probes = 0;
/** Probes per second of arrival (epoch seconds): a count over a span of time, edges aside. */
const perSecond = new Map<number, number>();

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

function json(res: http.ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
}

async function control(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'POST /control/window') {
    probers = new Map();
    return json(res, { probes });
  }
  if (route === 'GET /control/window') {
    let duplicates = 0;
    for (const seen of probers.values()) if (typeof seen !== 'string') duplicates++;
    return json(res, { probes, probed: probers.size, duplicates });
  }
  if (route === 'POST /control/fail') {
    for (const path of (await readJson(req)) as string[]) failing.add(path);
    return json(res, { failing: failing.size });
  }
  if (route === 'POST /control/ok') {
    failing = new Set();
    return json(res, { failing: 0 });
  }
  if (route === 'POST /control/orphans') {
    const { gateway } = (await readJson(req)) as { gateway: string };
    const paths = [...last.entries()].filter(([, p]) => p.gateway === gateway).map(([p]) => p);
    orphans = { paths, gateway };
    return json(res, { count: paths.length });
  }
  if (route === 'POST /control/last') {
    const paths = (await readJson(req)) as string[];
    return json(res, Object.fromEntries(paths.map((p) => [p, last.get(p)?.gateway ?? null])));
  }
  if (route === 'GET /control/arrivals') {
    const from = Math.floor(Number(url.searchParams.get('from')) / 1000);
    const to = Math.floor(Number(url.searchParams.get('to')) / 1000);
    let count = 0;
    for (let second = from; second < to; second++) count += perSecond.get(second) ?? 0;
    return json(res, { probes: count });
  }
  if (route === 'GET /control/takeover') {
    const since = Number(url.searchParams.get('since'));
    let pending = 0;
    let lastAt = 0;
    for (const path of orphans.paths) {
      const probe = last.get(path)!;
      if (probe.at < since || probe.gateway === orphans.gateway) pending++;
      else lastAt = Math.max(lastAt, probe.at);
    }
    return json(res, { pending, lastAt });
  }
  res.writeHead(404).end();
}

const server = http.createServer((req, res) => {
  const path = req.url ?? '/';
  if (path.startsWith('/control/')) {
    control(req, res, new URL(path, 'http://target')).catch((error: unknown) => {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    });
    return;
  }
  const gateway = String(req.headers['x-gateway'] ?? '');
  probes++;
  const now = Date.now();
  last.set(path, { gateway, at: now });
  const second = Math.floor(now / 1000);
  perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  // one prober is kept as a string, a set only once a second one shows up (the rare case)
  const seen = probers.get(path);
  if (seen === undefined) probers.set(path, gateway);
  else if (typeof seen === 'string') {
    if (seen !== gateway) probers.set(path, new Set([seen, gateway]));
  } else seen.add(gateway);
  res.writeHead(failing.has(path) ? 503 : 200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `listening ${typeof address === 'object' && address ? address.port : port}\n`,
  );
});
process.on('SIGTERM', () => {
  process.stdout.write(`probes ${probes}\n`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
