/**
 * Open-loop pollers, the way dashboards poll: C clients, each with its own keep-alive connection,
 * each sending one GET every P ms on its own schedule (phases spread over P) whether or not the
 * previous answer came back. A request's latency runs from the moment the schedule said to send
 * it, so a slow gateway cannot hide behind clients that wait (no coordinated omission): a request
 * due while its client's previous one is still out waits on that connection, and the wait counts.
 * Run as its own process so its CPU is not the gateway's.
 *
 * --mode changes   GET /api/services/changes?since=R, each client carrying on from the revision
 *                  of its own last answer (the first from /api/summary)
 * --mode path      GET <--path> as is (a filtered page, the full list…)
 *
 * Prints one JSON line: { sent, answered, non2xx, errors, latencies (ms, sorted, every answer),
 * bytes, seconds, statuses }.
 * Usage: pollers-main.ts --url http://127.0.0.1:P --mode changes|path [--path /api/…]
 *                        [--clients 200] [--every-ms 500] [--seconds 20] [--gzip]
 */
import http from 'node:http';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const base = new URL(arg('url', ''));
const mode = arg('mode', 'path');
const fixedPath = arg('path', '/api/services');
const clients = Number(arg('clients', '200'));
const everyMs = Number(arg('every-ms', '500'));
const seconds = Number(arg('seconds', '20'));
const gzip = args.includes('--gzip');

interface Answer {
  status: number;
  body: Buffer;
}

function get(agent: http.Agent, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: base.hostname,
        port: base.port,
        path,
        agent,
        headers: { accept: 'application/json', ...(gzip ? { 'accept-encoding': 'gzip' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

const json = (answer: Answer, encoding: boolean) =>
  JSON.parse((encoding ? zlib.gunzipSync(answer.body) : answer.body).toString('utf8')) as {
    revision?: number;
  };

const summaryAgent = new http.Agent({ keepAlive: false });
const first = await Promise.race([
  get(summaryAgent, '/api/summary'),
  new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('/api/summary: no answer in 30 s')), 30_000).unref(),
  ),
]);
if (first.status !== 200) throw new Error(`/api/summary answered ${first.status}`);
const startRevision = json(first, false).revision ?? 0;

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let sent = 0;
let answered = 0;
let non2xx = 0;
let errors = 0;
let bytes = 0;

const t0 = performance.now() + 200;
const end = t0 + seconds * 1000;

function runClient(index: number): Promise<void> {
  // one connection per client, as a browser tab polling with keep-alive
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let revision = startRevision;
  let mine = 0;
  const phase = (index / clients) * everyMs;
  return new Promise((done) => {
    let due = t0 + phase;
    const fire = () => {
      const plannedAt = due;
      due += everyMs;
      if (plannedAt < end) {
        sent++;
        mine++;
        const path = mode === 'changes' ? `/api/services/changes?since=${revision}` : fixedPath;
        get(agent, path).then(
          (answer) => {
            latencies.push(performance.now() - plannedAt);
            answered++;
            mine--;
            bytes += answer.body.length;
            statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
            if (answer.status < 200 || answer.status > 299) non2xx++;
            else if (mode === 'changes') {
              const next = json(answer, answer.body[0] === 0x1f).revision;
              // answers of one client can finish out of order only if they queue; keep the newest
              if (typeof next === 'number' && next > revision) revision = next;
            }
          },
          () => {
            errors++;
            mine--;
          },
        );
        setTimeout(fire, Math.max(0, due - performance.now()));
      } else {
        const wait = () => {
          if (mine > 0) return void setTimeout(wait, 20);
          agent.destroy();
          done();
        };
        wait();
      }
    };
    setTimeout(fire, Math.max(0, due - performance.now()));
  });
}

// answers still out 30 s after the last send count as errors (a starved gateway must not hang
// the bench)
await Promise.race([
  Promise.all(Array.from({ length: clients }, (_, i) => runClient(i))),
  new Promise((r) => setTimeout(r, Math.max(0, end - performance.now()) + 30_000)),
]);
latencies.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    sent,
    answered,
    non2xx,
    errors: errors + (sent - answered - errors),
    latencies: latencies.map((l) => Math.round(l * 100) / 100),
    bytes,
    seconds,
    statuses,
  })}\n`,
);
process.exit(0);
