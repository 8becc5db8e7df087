/**
 * Holds N Server-Sent Events clients (the `eventsource` package) open on the gateway in a
 * process of its own, so the clients' parsing is not counted against the gateway and can be
 * split over cores. Prints `ready <n>` once every client has its snapshot; then, for the first
 * `status` event about --service on each client, notes when it arrived; prints one JSON line
 * `done` (the arrivals written as JSON to --out) when all clients have it or --wait-ms has passed
 * since `go` on stdin.
 * Usage: sse-clients-main.ts --url URL --count N --service ID --out FILE [--wait-ms MS]
 */
import { writeFileSync } from 'node:fs';
import { EventSource } from 'eventsource';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const url = arg('url', '');
const count = Number(arg('count', '100'));
const service = arg('service', '');
const waitMs = Number(arg('wait-ms', '15000'));
const out = arg('out', '');

interface Arrival {
  receivedAt: number;
  since: number;
}
const arrivals = new Map<number, Arrival>();
const clients: EventSource[] = [];
let ready = 0;
let errors = 0;

function finish(): void {
  writeFileSync(out, JSON.stringify({ count, ready, errors, arrivals: [...arrivals.values()] }));
  process.stdout.write('done\n');
  for (const c of clients) c.close();
  process.exit(0);
}

for (let i = 0; i < count; i++) {
  const client = new EventSource(url);
  let hasSnapshot = false;
  client.addEventListener('snapshot', () => {
    if (hasSnapshot) return;
    hasSnapshot = true;
    if (++ready === count) process.stdout.write(`ready ${ready}\n`);
  });
  client.addEventListener('status', (event) => {
    const receivedAt = Date.now();
    if (arrivals.has(i)) return;
    const data = JSON.parse(event.data) as { serviceId: string; status: string; since: string };
    if (data.serviceId !== service || data.status !== 'down') return;
    arrivals.set(i, { receivedAt, since: Date.parse(data.since) });
    if (arrivals.size === count) finish();
  });
  client.addEventListener('error', () => {
    errors++;
  });
  clients.push(client);
}

process.stdin.on('data', (chunk) => {
  if (chunk.toString().includes('go')) setTimeout(finish, waitMs).unref();
});
process.on('SIGTERM', finish);
