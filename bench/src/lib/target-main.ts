/**
 * A loopback target for load benchmarks, run as its own process so its CPU is not counted as the
 * gateway's. GET /t/<n> answers 200 JSON; paths whose n falls in the hanging share never answer
 * (the prober's timeout ends them). Usage: target-main.ts --port P [--hang-every K]
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
const body = JSON.stringify({ status: 'ok' });
let served = 0;

const server = http.createServer((req, res) => {
  const n = Number(/^\/t\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
  if (hangEvery > 0 && n >= 0 && n % hangEvery === 0) return; // hang until the client gives up
  served++;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 5_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => {
  process.stdout.write(`served ${served}\n`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
