/**
 * The floor a probe's CPU is compared with: Node's own http client doing a fresh-connection GET
 * (agent: false, the body read whole) against the same loopback target, at a fixed rate, open
 * loop. Run as its own process so its CPU is its own; it measures that CPU itself
 * (process.cpuUsage: every thread, user + system) over the load window only, not its start-up.
 * Prints one JSON line: { requests, errors, codes, seconds, cpuSeconds, msPerRequest }.
 * Usage: floor-main.ts --port P --rate R --seconds S [--paths N]
 */
import http from 'node:http';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const port = Number(arg('port', '0'));
const rate = Number(arg('rate', '50'));
const seconds = Number(arg('seconds', '20'));
const paths = Number(arg('paths', '1000'));
if (!port || !(rate > 0) || !(seconds > 0)) {
  console.error('usage: floor-main.ts --port P --rate R --seconds S [--paths N]');
  process.exit(2);
}

let requests = 0;
let errors = 0;
/** Error codes seen, with counts (e.g. EADDRNOTAVAIL when the machine runs out of ports). */
const codes: Record<string, number> = {};
const failed = (error: NodeJS.ErrnoException) => {
  errors++;
  pending--;
  codes[error.code ?? error.message] = (codes[error.code ?? error.message] ?? 0) + 1;
};
let pending = 0;
let next = 0;

function get(): void {
  const n = next++ % paths;
  pending++;
  const req = http.get(
    { host: '127.0.0.1', port, path: `/t/${n}`, agent: false, headers: { 'user-agent': 'floor' } },
    (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        requests++;
        pending--;
      });
      res.on('error', failed);
    },
  );
  req.on('error', failed);
}

// open loop: each request goes out at its own time on the schedule (one timer per send, as the
// gateway's scheduler fires per due probe; a fixed 10 ms tick would cost more than 50 GETs/s do),
// never waiting on answers
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const total = Math.floor(seconds * rate);
let sent = 0;
let done = false;
function tick(): void {
  const elapsed = performance.now() - t0;
  while (sent < total && (sent * 1000) / rate <= elapsed) {
    sent++;
    get();
  }
  if (sent < total) setTimeout(tick, Math.max(0, (sent * 1000) / rate - elapsed));
  else waitForAnswers();
}
function waitForAnswers(): void {
  if (done) return;
  if (pending === 0 || performance.now() - t0 > (seconds + 5) * 1000) finish();
  else setTimeout(waitForAnswers, 50);
}
tick();

function finish(): void {
  done = true;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wall = (performance.now() - t0) / 1000;
  errors += pending;
  process.stdout.write(
    `${JSON.stringify({ requests, errors, codes, seconds: wall, cpuSeconds, msPerRequest: (cpuSeconds * 1000) / Math.max(1, requests) })}\n`,
  );
  process.exit(0);
}
