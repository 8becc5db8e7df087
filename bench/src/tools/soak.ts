/**
 * Runs the gateway at N checks against the loopback target and prints, every few seconds, its RSS
 * and V8 heap — the quick loop for working on memory, before a full `npm run bench`.
 *   npx tsx src/tools/soak.ts [--checks 10000] [--interval 10s] [--seconds 90] [--hang-every 0]
 *                             [--snapshot-at 45] [--skip-metrics] [--node-arg=--cpu-prof ...]
 * --snapshot-at S writes a heap snapshot (node --heapsnapshot-signal) into the current directory
 * after S seconds; read it with src/tools/heap-top.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startGateway, loadConfig } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { cpuSeconds, rssBytes, statusBytes } from '../lib/proc.js';
import { bucketDelta, buckets, parsePrometheus, sum } from '../lib/prometheus.js';
import { histogramQuantile } from '../lib/stats.js';
import { setTimeout as sleep } from 'node:timers/promises';

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '10000' },
    interval: { type: 'string', default: '10s' },
    seconds: { type: 'string', default: '90' },
    'hang-every': { type: 'string', default: '0' },
    'snapshot-at': { type: 'string' },
    // a /metrics scrape at 10,000 checks is ~5 MB of text: leave it out to see the probing alone
    'skip-metrics': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
    // the summary line's window starts at the first row this many seconds in (default: one
    // interval + 5 s, once every check has run)
    'measure-from': { type: 'string' },
  },
});
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MiB = 2 ** 20;

const target = await startTarget(root, Number(values['hang-every']));
const snapshotAt = values['snapshot-at'] === undefined ? undefined : Number(values['snapshot-at']);
const gateway = await startGateway(
  root,
  loadConfig(Number(values.checks), target.port, values.interval),
  {
    nodeArgs: [
      ...values['node-arg'],
      ...(snapshotAt === undefined
        ? []
        : ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${process.cwd()}`]),
    ],
  },
);
const pid = gateway.child.pid;
console.log(`gateway ${gateway.url} (pid ${pid}), target port ${target.port}`);
const t0 = performance.now();
let cpu0 = cpuSeconds(pid);
let last = t0;
let rssMax = 0;
try {
  console.log(
    '   s   RSS MiB  max MiB  heap used  heap total  external  probes/s  cores  anon  file  late p99 ms',
  );
  let probes0 = 0;
  let lateness0: ReturnType<typeof buckets> = [];
  const intervalSeconds = Number(/^(\d+)s$/.exec(values.interval)?.[1] ?? 10);
  const measureFrom = Number(values['measure-from'] ?? intervalSeconds + 5);
  let from: { at: number; cpu: number; probes: number } | undefined;
  let to: { at: number; cpu: number; probes: number } | undefined;
  for (let s = 0; s < Number(values.seconds); s += 5) {
    await sleep(5000);
    if (snapshotAt !== undefined && s + 5 >= snapshotAt && s < snapshotAt)
      process.kill(pid, 'SIGUSR2');
    const metrics = values['skip-metrics']
      ? []
      : parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text());
    const now = performance.now();
    const cpu = cpuSeconds(pid);
    const rss = rssBytes(pid) / MiB;
    rssMax = Math.max(rssMax, rss);
    const probes = sum(metrics, 'aether_probes_total');
    const lateness = buckets(metrics, 'aether_scheduler_lateness_seconds');
    const row = [
      ((now - t0) / 1000).toFixed(0).padStart(4),
      rss.toFixed(0).padStart(9),
      rssMax.toFixed(0).padStart(8),
      (sum(metrics, 'nodejs_heap_size_used_bytes') / MiB).toFixed(0).padStart(10),
      (sum(metrics, 'nodejs_heap_size_total_bytes') / MiB).toFixed(0).padStart(11),
      (sum(metrics, 'nodejs_external_memory_bytes') / MiB).toFixed(0).padStart(9),
      ((probes - probes0) / ((now - last) / 1000)).toFixed(0).padStart(9),
      ((cpu - cpu0) / ((now - last) / 1000)).toFixed(2).padStart(6),
      ...['RssAnon', 'RssFile'].map((field) =>
        (statusBytes(pid, field) / MiB).toFixed(0).padStart(5),
      ),
      (lateness.length && lateness0.length
        ? histogramQuantile(bucketDelta(lateness, lateness0), 0.99) * 1000
        : NaN
      )
        .toFixed(1)
        .padStart(12),
    ];
    lateness0 = lateness;
    console.log(row.join(' '));
    if (!from && (now - t0) / 1000 >= measureFrom) from = { at: now, cpu, probes };
    else if (from) to = { at: now, cpu, probes };
    probes0 = probes;
    cpu0 = cpu;
    last = now;
  }
  // the kernel's own high-water mark since start (start-up included), what a memory limit sees
  console.log(`VmHWM ${(statusBytes(pid, 'VmHWM') / MiB).toFixed(0)} MiB`);
  if (from && to) {
    const seconds = (to.at - from.at) / 1000;
    const cores = (to.cpu - from.cpu) / seconds;
    const perSecond = (to.probes - from.probes) / seconds;
    console.log(
      `summary from ${((from.at - t0) / 1000).toFixed(0)} s over ${seconds.toFixed(0)} s: ${cores.toFixed(3)} cores, ${perSecond.toFixed(1)} probes/s, ${((cores * 1000) / perSecond).toFixed(3)} ms CPU per probe, RSS max ${rssMax.toFixed(0)} MiB (sampled)`,
    );
  }
} finally {
  await gateway.stop();
  await target.stop();
}
