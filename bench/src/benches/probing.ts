import autocannon from 'autocannon';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway, loadConfig, type GatewayRun } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { sampleProcess, statusBytes } from '../lib/proc.js';
import { measureFloor, type Floor } from '../lib/floor.js';
import { parsePrometheus, sum, buckets, bucketDelta } from '../lib/prometheus.js';
import { histogramQuantile } from '../lib/stats.js';
import { figure } from '../lib/figure.js';
import { setTimeout as sleep } from 'node:timers/promises';

const MiB = 2 ** 20;

interface Window {
  probesPerSecond: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  /** The p99 fell in the histogram's open top bucket: the figure is a floor, not a value. */
  latenessOverflow: boolean;
  cores: number;
  rssMiB: number;
  /** The kernel's RSS high-water mark since the process started (VmHWM): start-up included. */
  vmHwmMiB: number;
  dbBytesPerHour: number;
  dbBytes: number;
  walBytes: number;
  /** From the gateway's own default metrics at the end of the window. */
  heapUsedMiB: number;
  externalMiB: number;
  eventLoopLagP99Ms: number;
}

async function scrape(gateway: GatewayRun) {
  return parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text());
}

/** Measures one window of steady probing after a warm-up. */
async function measure(gateway: GatewayRun, warmupMs: number, windowMs: number): Promise<Window> {
  await sleep(warmupMs);
  const usage = sampleProcess(gateway.child.pid);
  const before = await scrape(gateway);
  const db0 = gateway.dbBytes();
  const t0 = performance.now();
  usage.start();
  await sleep(windowMs);
  const u = usage.stop();
  const seconds = (performance.now() - t0) / 1000;
  const after = await scrape(gateway);
  const lateness = bucketDelta(
    buckets(after, 'aether_scheduler_lateness_seconds'),
    buckets(before, 'aether_scheduler_lateness_seconds'),
  );
  const db1 = gateway.dbBytes();
  return {
    probesPerSecond:
      (sum(after, 'aether_probes_total') - sum(before, 'aether_probes_total')) / seconds,
    latenessP50Ms: histogramQuantile(lateness, 0.5) * 1000,
    latenessP99Ms: histogramQuantile(lateness, 0.99) * 1000,
    latenessOverflow:
      histogramQuantile(lateness, 0.99) >=
      Math.max(...lateness.filter((b) => Number.isFinite(b.le)).map((b) => b.le)),
    cores: u.cores,
    rssMiB: u.rssMaxBytes / MiB,
    vmHwmMiB: statusBytes(gateway.child.pid, 'VmHWM') / MiB,
    dbBytesPerHour: ((db1 - db0) / seconds) * 3600,
    dbBytes: db1,
    walBytes: gateway.walBytes(),
    heapUsedMiB: sum(after, 'nodejs_heap_size_used_bytes') / MiB,
    externalMiB: sum(after, 'nodejs_external_memory_bytes') / MiB,
    eventLoopLagP99Ms: sum(after, 'nodejs_eventloop_lag_p99_seconds') * 1000,
  };
}

async function runScale(options: BenchOptions, n: number, hangEvery: number, intervalSeconds = 10) {
  const target = await startTarget(options.root, hangEvery);
  const t0 = performance.now();
  const gateway = await startGateway(
    options.root,
    loadConfig(n, target.port, `${intervalSeconds}s`),
  ).catch(async (error) => {
    await target.stop();
    throw error;
  });
  options.log(`${n} checks: gateway ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  try {
    // the warm-up covers the first full interval (every check has run once) plus the spread
    const warmup = (options.quick ? 1_000 : 15_000) + intervalSeconds * 1000;
    // whole intervals, so a fleet whose probes bunch within the interval is measured fairly
    const windowMs = options.quick ? intervalSeconds * 1000 : 60_000;
    options.log(
      `${n} checks${hangEvery ? `, 1 in ${hangEvery} hanging` : ''}: warm-up ${warmup / 1000}s, window ${windowMs / 1000}s`,
    );
    const w = await measure(gateway, warmup, windowMs);
    return {
      w,
      gateway,
      target,
      /** Stops the gateway, then measures the floor against the same target at `rate`. */
      floorAfterGateway: async (rate: number) => {
        await gateway.stop();
        return measureFloor(options.root, target.port, rate, options.quick ? 8 : 20);
      },
      stop: async () => (await gateway.stop(), await target.stop()),
    };
  } catch (error) {
    await gateway.stop();
    await target.stop();
    throw error;
  }
}

function scaleFigures(
  label: string,
  n: number,
  w: Window,
  withGoals: boolean,
  intervalSeconds = 10,
): Figure[] {
  const expected = n / intervalSeconds;
  const achieved = w.probesPerSecond / expected;
  // the goals are set for 10,000 checks; at 1,000 the figures are context
  const goal = (text: string) => (withGoals ? text : '—');
  return [
    figure(
      `${label}: probes/s achieved (expected ${expected})`,
      w.probesPerSecond,
      '/s',
      goal('≥ 99 % of expected'),
      withGoals ? achieved >= 0.99 : null,
      `${(achieved * 100).toFixed(1)} %`,
    ),
    figure(`${label}: schedule lateness p50`, w.latenessP50Ms, 'ms', '—', null),
    figure(
      `${label}: schedule lateness p99`,
      w.latenessP99Ms,
      'ms',
      goal('≤ 200 ms'),
      withGoals ? w.latenessP99Ms <= 200 : null,
      `${w.latenessOverflow ? `at or above the histogram's top bucket: a floor; ` : ''}event-loop lag p99 ${w.eventLoopLagP99Ms.toFixed(0)} ms (prom-client, since start)`,
    ),
    figure(
      `${label}: gateway CPU`,
      w.cores,
      'cores',
      goal('≤ 0.6 core'),
      withGoals ? w.cores <= 0.6 : null,
    ),
    figure(
      `${label}: gateway RSS (max)`,
      w.rssMiB,
      'MiB',
      goal('≤ 256 MiB'),
      withGoals ? w.rssMiB <= 256 : null,
      `sampled every 0.5 s over the window; V8 heap used ${w.heapUsedMiB.toFixed(0)} MiB, external ${w.externalMiB.toFixed(0)} MiB at the end of the window`,
    ),
    figure(
      `${label}: gateway peak RSS since start (VmHWM)`,
      w.vmHwmMiB,
      'MiB',
      goal('≤ 256 MiB'),
      withGoals ? w.vmHwmMiB <= 256 : null,
      "the kernel's high-water mark at the end of the window: start-up (config load) included, what a container memory limit sees",
    ),
    figure(
      `${label}: DB growth`,
      w.dbBytesPerHour / MiB,
      'MiB/h',
      '—',
      null,
      `file + WAL at end of window ${(w.dbBytes / MiB).toFixed(1)} MiB, of which WAL ${(w.walBytes / MiB).toFixed(1)} MiB`,
    ),
  ];
}

/**
 * CPU per probe beside the floor: Node's own http client doing fresh-connection GETs against the
 * same loopback target, measured right after the gateway stopped. Issue 16's goal is ≤ 3× the
 * floor, and the floor it is judged against is the one **at the workload's own rate**: Node's
 * client costs ~5× more per request at 50/s than at 1,000/s (at a low rate every connect,
 * answer and close is an event-loop wakeup of its own; at a high rate they batch), so a ratio to
 * a floor measured at another rate says more about the rates than about the gateway. The ratio
 * to the 1,000/s floor is printed beside it for reference (the issue's first table used it).
 */
function costFigures(label: string, w: Window, floor: Floor, reference?: Floor): Figure[] {
  const perProbe = (w.cores * 1000) / w.probesPerSecond;
  const rateOf = (f: Floor) => f.requests / f.seconds;
  const ratio = perProbe / floor.msPerRequest;
  const figures = [
    figure(
      `${label}: floor (Node http.get, fresh connection, ${rateOf(floor).toFixed(0)}/s = the workload's rate, same target)`,
      floor.msPerRequest,
      'ms CPU/request',
      '—',
      null,
      `${floor.requests} requests in ${floor.seconds.toFixed(1)} s, ${floor.cpuSeconds.toFixed(2)} CPU s (user + system, every thread of its process), ${floor.errors} errors`,
    ),
    figure(
      `${label}: gateway CPU per probe ÷ the floor at the same rate`,
      ratio,
      '× floor',
      '≤ 3×',
      ratio <= 3,
      `${perProbe.toFixed(3)} ms CPU per probe (${w.cores.toFixed(3)} cores / ${w.probesPerSecond.toFixed(0)} probes/s: the whole gateway — probe, results stored, pushed live, metrics) ÷ ${floor.msPerRequest.toFixed(3)} ms`,
    ),
  ];
  if (reference) {
    const referenceRatio = perProbe / reference.msPerRequest;
    figures.push(
      figure(
        `${label}: gateway CPU per probe ÷ the floor at ${rateOf(reference).toFixed(0)}/s (reference)`,
        referenceRatio,
        '× floor',
        '≤ 3× (reference: a floor at another rate)',
        referenceRatio <= 3,
        `${perProbe.toFixed(3)} ms ÷ ${reference.msPerRequest.toFixed(3)} ms; the verdict is the same-rate ratio above`,
      ),
    );
  }
  return figures;
}

/** N checks at 10 s against a loopback target (fresh connection per probe), and /api/services under that load. */
export const probing: Bench = {
  name: 'probing',
  async run(options) {
    const figures: Figure[] = [];

    // a typical fleet: 1,000 checks at 20 s (50 probes/s)
    const small = await runScale(options, 1_000, 0, 20);
    const smallFloor = await small.floorAfterGateway(50).finally(() => small.stop());
    figures.push(...scaleFigures('1,000 checks at 20 s', 1_000, small.w, false, 20));

    const big = await runScale(options, 10_000, 0);
    figures.push(...scaleFigures('10,000 checks at 10 s', 10_000, big.w, true));
    try {
      options.log('GET /api/services, 200 connections, while probing');
      // what a browser sends: gzip accepted; no If-None-Match, so every answer is a full list
      const gzip = await autocannon({
        url: `${big.gateway.url}/api/services`,
        connections: 200,
        duration: options.quick ? 3 : 15,
        headers: { accept: 'application/json', 'accept-encoding': 'gzip' },
      });
      figures.push(
        figure(
          'GET /api/services, 10,000 services, 200 connections, gzip accepted, while probing: p99',
          gzip.latency.p99,
          'ms',
          '≤ 50 ms',
          gzip.latency.p99 <= 50 && gzip.non2xx === 0,
          `p50 ${gzip.latency.p50} ms, ${Math.round(gzip.requests.average)} req/s, ${(gzip.throughput.average / 2 ** 20).toFixed(1)} MiB/s, ${gzip.non2xx} non-2xx, ${gzip.errors} errors, ${gzip.timeouts} timeouts`,
        ),
      );
      if (!options.quick) {
        const identity = await autocannon({
          url: `${big.gateway.url}/api/services`,
          connections: 200,
          duration: 10,
          headers: { accept: 'application/json' },
        });
        figures.push(
          figure(
            'GET /api/services, same, without compression: p99',
            identity.latency.p99,
            'ms',
            '— (reference)',
            null,
            `p50 ${identity.latency.p50} ms, ${Math.round(identity.requests.average)} req/s, ${(identity.throughput.average / 2 ** 20).toFixed(1)} MiB/s, ${identity.non2xx} non-2xx, ${identity.errors} errors`,
          ),
        );
      }
    } finally {
      const bigFloor = await big.floorAfterGateway(1_000).finally(() => big.stop());
      figures.push(...costFigures('10,000 checks at 10 s', big.w, bigFloor));
      figures.push(...costFigures('1,000 checks at 20 s', small.w, smallFloor, bigFloor));
    }

    if (options.quick) return figures; // the 5 % hanging run only in the full suite (quick stays under 2 minutes)
    const hanging = await runScale(options, 10_000, 20);
    const hw = hanging.w;
    await hanging.stop();
    figures.push(
      figure(
        '10,000 checks, 5 % hanging until timeout: lateness p99',
        hw.latenessP99Ms,
        'ms',
        `unchanged from ${big.w.latenessP99Ms.toFixed(0)} ms (and ≤ 200 ms)`,
        hw.latenessP99Ms <= 200 && hw.latenessP99Ms <= Math.max(50, big.w.latenessP99Ms * 1.5),
        hw.latenessOverflow ? `at or above the histogram's top bucket: a floor` : undefined,
      ),
      figure(
        '10,000 checks, 5 % hanging: probes/s achieved',
        hw.probesPerSecond,
        '/s',
        '≥ 99 % of 1,000',
        hw.probesPerSecond >= 990,
      ),
      figure(
        '10,000 checks, 5 % hanging: gateway CPU',
        hw.cores,
        'cores',
        '≤ 0.6 core',
        hw.cores <= 0.6,
      ),
    );
    return figures;
  },
};
