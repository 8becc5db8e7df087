/**
 * The cluster bench's SSE client, one per gateway, in a process of its own: at 1,000 probes/s
 * every gateway's stream carries 1,000 `result` events a second to each client, and reading
 * three of them on the bench's own loop (which also polls and samples /proc) would make the
 * arrival times the bench's. It notes when each `status` event of a service whose id starts
 * with --prefix arrives on each stream, prints `ready` once every stream has its snapshot, and
 * on `stop` (stdin) writes {arrivals, streams, loopDelay} as JSON to --out and prints `done`.
 * loopDelay is this process's own event-loop delay from `ready` to `stop` (p99 and max, ms): an
 * arrival it stamped late because its own loop was busy is the client's lateness, not a gateway's.
 * Usage: cluster-sse-main.ts --url URL [--url URL…] --prefix flip- --out FILE
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SseFrameSplitter, parseSseFrame } from './sse-frames.js';
import type { StatusArrival } from './status-latency.js';

const args = process.argv.slice(2);
const urls = args.flatMap((a, i) => (a === '--url' && args[i + 1] ? [args[i + 1]!] : []));
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? '') : '';
};
const prefix = arg('prefix');
const out = arg('out');

const arrivals: StatusArrival[] = [];
/**
 * Per stream: whether its snapshot came, and how often it ended early (the gateway drops a client
 * that lags more than its backlog): it reconnects with Last-Event-ID and the gateway replays what
 * it missed, so a drop delays arrivals but loses none (as long as the replay buffer holds them).
 */
const streams = urls.map((url) => ({ url, snapshot: false, drops: 0, ended: '', lastId: '' }));
const abort = new AbortController();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

async function read(index: number): Promise<void> {
  const stream = streams[index]!;
  try {
    const response = await fetch(`${stream.url}/api/events`, {
      headers: {
        accept: 'text/event-stream',
        ...(stream.lastId ? { 'last-event-id': stream.lastId } : {}),
      },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`answered ${response.status}`);
    const decoder = new TextDecoder();
    const splitter = new SseFrameSplitter();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const at = Date.now();
      for (const frame of splitter.push(decoder.decode(value, { stream: true }))) {
        if (frame.startsWith('id: ')) stream.lastId = frame.slice(4, frame.indexOf('\n'));
        // a cheap test first: almost every frame is a `result`
        if (!stream.snapshot && frame.includes('event: snapshot')) {
          stream.snapshot = true;
          process.stdout.write(`snapshot ${index}\n`);
          if (streams.every((s) => s.snapshot)) {
            loopDelay.enable();
            process.stdout.write('ready\n');
          }
          continue;
        }
        if (!frame.includes('event: status')) continue;
        const { event, data } = parseSseFrame(frame);
        if (event !== 'status') continue;
        const status = JSON.parse(data) as { serviceId: string; status: string; since: string };
        if (!status.serviceId.startsWith(prefix)) continue;
        arrivals.push({
          gateway: index,
          serviceId: status.serviceId,
          status: status.status,
          since: Date.parse(status.since),
          at,
        });
      }
    }
    stream.ended = 'closed by the gateway';
  } catch (error) {
    if (!abort.signal.aborted) stream.ended = String(error);
  }
  if (abort.signal.aborted) return;
  stream.drops++;
  process.stdout.write(`dropped ${index} (${stream.ended}), resuming from ${stream.lastId}\n`);
  await new Promise((r) => setTimeout(r, 200));
  return read(index);
}

for (let i = 0; i < urls.length; i++) void read(i);

process.stdin.on('data', (chunk) => {
  if (!chunk.toString().includes('stop')) return;
  abort.abort();
  loopDelay.disable();
  const ms = (ns: number) => Math.round(ns / 1e6);
  writeFileSync(
    out,
    JSON.stringify({
      arrivals,
      streams,
      loopDelay: { p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    }),
  );
  process.stdout.write('done\n');
  process.exit(0);
});
