import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { figure } from '../lib/figure.js';
import { startGateway, loadConfig, type GatewayRun } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { faultKinds, refusedPort, startFaultTarget, type FaultKind } from '../lib/fault-target.js';
import { openLoop, type OpenLoopResult } from '../lib/open-loop.js';
import { sampleProcess, type ProcessUsage } from '../lib/proc.js';
import { parsePrometheus, sum } from '../lib/prometheus.js';

const MiB = 1024 * 1024;
const API_PATHS = ['/api/services?limit=100', '/api/summary'];
/**
 * Requests per second to each path of each gateway: a few people's browsers, well under what
 * one gateway answers, so the figure is latency, not a queue growing through the window.
 */
const RATE = 5;
/**
 * AETHER_BENCH_NICE=-10 runs both gateways and the bench's own client at that priority (root
 * only): on a machine shared with other work the gateways then get the CPU they need, so the
 * figure is what faults do to the API, not what the machine's load average does to a process
 * at its fair share. The figures say when it was set.
 */
const NICE = process.env.AETHER_BENCH_NICE ? Number(process.env.AETHER_BENCH_NICE) : undefined;

interface Phase {
  api: OpenLoopResult[];
  rssPeakMiB: number;
  cores: number;
  probesPerSecond: number;
  /** Fault services down at the end of the window, of all fault services (B only). */
  faultsDown: number;
  faultServices: number;
  /** 1-minute load average at the start of the window. */
  load: number[];
}

interface Summary {
  counts: Record<string, number>;
}

/** A gateway started for a window, waited on until every check has a status. */
async function readyGateway(options: BenchOptions, config: Record<string, unknown>) {
  const gateway: GatewayRun = await startGateway(options.root, config);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const summary = (await (await fetch(`${gateway.url}/api/summary`)).json()) as Summary;
    if (summary.counts.unknown === 0) break;
    await sleep(500);
  }
  return gateway;
}

const metrics = async (gateway: GatewayRun) =>
  parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text());

/**
 * One window with two fresh gateways side by side, both probing the same healthy fleet, B also
 * every fault kind: the API of both under the same open-loop load at the same moment (RATE
 * requests/s to each path of each), their RSS peaks, cores and probes/s. Side by side, a burst
 * of load from whatever else runs on the machine lands on both, not on one side only.
 */
async function window(
  options: BenchOptions,
  configs: { a: Record<string, unknown>; b: Record<string, unknown> },
  faultServices: number,
): Promise<{ a: Phase; b: Phase }> {
  const started = await Promise.allSettled([
    readyGateway(options, configs.a),
    readyGateway(options, configs.b),
  ]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
    throw failed.reason;
  }
  const [ga, gb] = started.map((s) => (s as PromiseFulfilledResult<GatewayRun>).value) as [
    GatewayRun,
    GatewayRun,
  ];
  try {
    if (NICE !== undefined) for (const g of [ga, gb]) os.setPriority(g.child.pid, NICE);
    await sleep(options.quick ? 3_000 : 10_000);
    const load = os.loadavg()[0]!;
    const usage = [sampleProcess(ga.child.pid, 200), sampleProcess(gb.child.pid, 200)];
    const probes0 = [
      sum(await metrics(ga), 'aether_probes_total'),
      sum(await metrics(gb), 'aether_probes_total'),
    ];
    const t0 = performance.now();
    for (const u of usage) u.start();
    const seconds = options.quick ? 10 : 60;
    const api = await openLoop(
      [ga, gb].flatMap((g) => API_PATHS.map((p) => `${g.url}${p}`)),
      { ratePerSecond: RATE, seconds },
    );
    const [ua, ub] = usage.map((u) => u.stop());
    const elapsed = (performance.now() - t0) / 1000;
    const phaseOf = async (
      gateway: GatewayRun,
      u: ProcessUsage,
      probesBefore: number,
      results: OpenLoopResult[],
      faulty: number,
    ): Promise<Phase> => {
      const faultItems = (await (
        await fetch(`${gateway.url}/api/services?tag=fault&limit=1000`)
      ).json()) as Array<{ status: string }>;
      return {
        api: results,
        rssPeakMiB: u.rssMaxBytes / MiB,
        cores: u.cores,
        probesPerSecond:
          (sum(await metrics(gateway), 'aether_probes_total') - probesBefore) / elapsed,
        faultsDown: faultItems.filter((s) => s.status === 'down').length,
        faultServices: faulty,
        load: [load],
      };
    };
    const a = await phaseOf(ga, ua!, probes0[0]!, api.slice(0, API_PATHS.length), 0);
    const b = await phaseOf(gb, ub!, probes0[1]!, api.slice(API_PATHS.length), faultServices);
    for (const [name, p] of [
      ['A (healthy fleet only)', a],
      ['B (with the faults)', b],
    ] as const)
      options.log(
        `${name}: ${p.api.map((r) => `${new URL(r.url).pathname} p50 ${r.p50} p99 ${r.p99} max ${r.max} ms (${r.ok}/${r.sent} ok)`).join('; ')}; RSS peak ${p.rssPeakMiB.toFixed(0)} MiB, ${p.cores.toFixed(2)} cores, ${p.probesPerSecond.toFixed(0)} probes/s; ${p.faultsDown}/${p.faultServices} fault services down; load ${load.toFixed(1)}`,
      );
    return { a, b };
  } finally {
    await Promise.all([ga.stop(), gb.stop()]);
  }
}

const niceNote = NICE === undefined ? '' : `; gateways and client at nice ${NICE}`;
const loads = (p: Phase) => p.load.map((l) => l.toFixed(1)).join(', ');

/**
 * The API under open-loop load while a gateway probes a healthy fleet, without (A) and with (B)
 * every kind of the probe fault suite running beside it (the suite's own targets, in a process
 * of their own): two gateways side by side in one window.
 */
export const faults: Bench = {
  name: 'faults',
  async run(options) {
    if (NICE !== undefined) os.setPriority(NICE);
    const healthy = options.quick ? 500 : 1_000;
    // AETHER_BENCH_FAULT_COPIES: services per fault kind (a fleet with a few broken services: 1)
    const copies = Number(process.env.AETHER_BENCH_FAULT_COPIES ?? (options.quick ? 3 : 10));
    const target = await startTarget(options.root);
    const broken = await startFaultTarget(options.root);
    try {
      const fleet = loadConfig(healthy, target.port, '5s', '2s');
      const kinds: FaultKind[] = faultKinds(broken.urls, await refusedPort(), '2s', '1s');
      const faultServices = kinds.flatMap((k) =>
        Array.from({ length: copies }, (_, i) => k.service(i)),
      );
      options.log(
        `A: ${healthy} healthy services at 5 s; B, beside it: the same plus ${kinds.length} fault kinds × ${copies} at 2 s (timeout 1 s)`,
      );
      const { a, b } = await window(
        options,
        { a: fleet, b: { ...fleet, services: [...fleet.services, ...faultServices] } },
        faultServices.length,
      );
      if (broken.child.process.exitCode !== null)
        throw new Error(`the fault targets exited during the window:\n${broken.child.output()}`);
      const figures: Figure[] = [];
      API_PATHS.forEach((p, i) => {
        const before = a.api[i]!;
        const after = b.api[i]!;
        figures.push(
          figure(
            `GET ${p}, ${RATE}/s open loop: p99 without faults`,
            before.p99,
            'ms',
            '— (reference)',
            null,
            `p50 ${before.p50} ms, max ${before.max} ms, ${before.ok}/${before.sent} 2xx; load ${loads(a)}${niceNote}`,
          ),
          figure(
            `GET ${p}, ${RATE}/s open loop: p99 with ${faultServices.length} fault checks running`,
            after.p99,
            'ms',
            '≤ 2 × the p99 without faults, or ≤ 50 ms (read only when that is ≤ 250 ms)',
            // a reference that queues itself says the machine is short of CPU: no verdict
            before.p99 > 250
              ? null
              : after.failed === 0 && (after.p99 <= 2 * before.p99 || after.p99 <= 50),
            `p50 ${after.p50} ms, max ${after.max} ms, ${after.ok}/${after.sent} 2xx; load ${loads(b)}${niceNote}`,
          ),
        );
      });
      figures.push(
        figure(
          'gateway RSS peak without faults',
          Math.round(a.rssPeakMiB),
          'MiB',
          '— (reference)',
          null,
          `${a.cores.toFixed(2)} cores, ${a.probesPerSecond.toFixed(0)} probes/s`,
        ),
        figure(
          'gateway RSS peak with the faults running',
          Math.round(b.rssPeakMiB),
          'MiB',
          '≤ RSS without faults + 64 MiB',
          b.rssPeakMiB <= a.rssPeakMiB + 64,
          `${b.cores.toFixed(2)} cores, ${b.probesPerSecond.toFixed(0)} probes/s (100 MB and endless bodies are cut at 1 MiB each)`,
        ),
        figure(
          'fault services down at the end',
          b.faultsDown,
          `of ${faultServices.length}`,
          'all',
          b.faultsDown === faultServices.length,
          `${kinds.length} kinds: ${kinds.map((k) => k.kind).join(', ')}`,
        ),
      );
      return figures;
    } finally {
      await broken.stop();
      await target.stop();
    }
  },
};
