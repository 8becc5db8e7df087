/**
 * A loopback target for load benchmarks, run as its own process so its CPU is not counted as the
 * gateway's. GET /t/<n> answers 200 JSON; paths whose n falls in the hanging share never answer
 * (the prober's timeout ends them). POST /control/fail makes every /t/<n> answer 500 until
 * POST /control/ok, so a benchmark can cause a status change on demand; --flip-every-ms M makes
 * /t/<n> alternate between 200 and 500 each M ms, phase-shifted by n, for a steady stream of
 * status changes; --alternate makes each /t/<n> answer 200 and 500 in turn, request by request,
 * so every probe of it is a status change.
 * Usage: target-main.ts --port P [--hang-every K] [--flip-every-ms M] [--alternate]
 */
import http from 'node:http';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const port = Number(arg('port', '0'));
/** Every K-th target hangs; 0 = none. 20 → 5 %. */
const hangEvery = Number(arg('hang-every', '0'));
const flipEveryMs = Number(arg('flip-every-ms', '0'));
const alternate = args.includes('--alternate');
/** Requests seen per path under --alternate. */
const seen = new Map<number, number>();
const body = JSON.stringify({ status: 'ok' });
const failBody = JSON.stringify({ status: 'failing' });
let served = 0;
let failing = false;

/** Whether /t/<n> fails right now under --flip-every-ms (n shifts the phase so flips spread out). */
const flippedDown = (n: number) =>
  flipEveryMs > 0 && Math.floor((Date.now() + n * 997) / flipEveryMs) % 2 === 1;

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && (req.url === '/control/fail' || req.url === '/control/ok')) {
    failing = req.url === '/control/fail';
    res.writeHead(204).end();
    return;
  }
  const n = Number(/^\/t\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
  if (hangEvery > 0 && n >= 0 && n % hangEvery === 0) return; // hang until the client gives up
  served++;
  let down = failing || flippedDown(n);
  if (alternate && n >= 0) {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    down ||= count % 2 === 0;
  }
  const answer = down ? failBody : body;
  res.writeHead(down ? 500 : 200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer),
  });
  res.end(answer);
});
server.keepAliveTimeout = 5_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `listening ${typeof address === 'object' && address ? address.port : port}\n`,
  );
});
process.on('SIGTERM', () => {
  process.stdout.write(`served ${served}\n`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
