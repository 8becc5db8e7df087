import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { figure } from '../lib/figure.js';
import { startGateway, loadConfig, type GatewayRun } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { faultKinds, refusedPort, startFaultTarget, type FaultKind } from '../lib/fault-target.js';
import { openLoop, pool, type OpenLoopResult } from '../lib/open-loop.js';
import { sampleProcess } from '../lib/proc.js';
import { parsePrometheus, sum } from '../lib/prometheus.js';

const MiB = 1024 * 1024;
const API_PATHS = ['/api/services?limit=100', '/api/summary'];

interface Phase {
  api: OpenLoopResult[];
  rssPeakMiB: number;
  cores: number;
  probesPerSecond: number;
  /** Fault services down at the end of the window, of all fault services (B only). */
  faultsDown: number;
  faultServices: number;
  /** 1-minute load averages at the start of each window. */
  load: number[];
}

interface Summary {
  counts: Record<string, number>;
}

/**
 * One window on a fresh gateway with `config`: once every check has a status, the API under
 * open-loop load (20 requests/s to each path), the gateway's RSS peak and cores, probes/s.
 */
async function phase(
  options: BenchOptions,
  name: string,
  config: Record<string, unknown>,
  faultServices: number,
  healthy: number,
): Promise<Phase> {
  const gateway: GatewayRun = await startGateway(options.root, config);
  try {
    const summary = async () =>
      (await (await fetch(`${gateway.url}/api/summary`)).json()) as Summary;
    // warm-up: every check has run (nothing unknown), then a little more for the steady state
    const deadline = Date.now() + 60_000;
    while ((await summary()).counts.unknown! > 0 && Date.now() < deadline) await sleep(500);
    await sleep(options.quick ? 3_000 : 10_000);
    const metrics = async () =>
      parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text());
    const usage = sampleProcess(gateway.child.pid, 200);
    const probes0 = sum(await metrics(), 'aether_probes_total');
    const load = os.loadavg()[0]!;
    const t0 = performance.now();
    usage.start();
    const seconds = options.quick ? 10 : 45;
    const api = await openLoop(
      API_PATHS.map((p) => `${gateway.url}${p}`),
      { ratePerSecond: 20, seconds },
    );
    const u = usage.stop();
    const probesPerSecond =
      (sum(await metrics(), 'aether_probes_total') - probes0) / ((performance.now() - t0) / 1000);
    const faultItems = (await (
      await fetch(`${gateway.url}/api/services?tag=fault&limit=1000`)
    ).json()) as Array<{ status: string }>;
    const counts = (await summary()).counts;
    const result: Phase = {
      api,
      rssPeakMiB: u.rssMaxBytes / MiB,
      cores: u.cores,
      probesPerSecond,
      faultsDown: faultItems.filter((s) => s.status === 'down').length,
      faultServices,
      load: [load],
    };
    options.log(
      `${name}: ${api.map((r) => `${new URL(r.url).pathname} p50 ${r.p50} p99 ${r.p99} max ${r.max} ms (${r.ok}/${r.sent} ok)`).join('; ')}; RSS peak ${result.rssPeakMiB.toFixed(0)} MiB, ${u.cores.toFixed(2)} cores, ${probesPerSecond.toFixed(0)} probes/s; summary ${JSON.stringify(counts)}; ${healthy} healthy services; load ${load.toFixed(1)}`,
    );
    return result;
  } finally {
    await gateway.stop();
  }
}

const loads = (p: Phase) => p.load.map((l) => l.toFixed(1)).join(', ');

/** Phases of several rounds as one: API latencies pooled, the highest RSS peak, the last counts. */
function pooled(phases: Phase[]): Phase {
  return {
    api: API_PATHS.map((_, i) => pool(phases.map((p) => p.api[i]!))),
    rssPeakMiB: Math.max(...phases.map((p) => p.rssPeakMiB)),
    cores: phases.reduce((n, p) => n + p.cores, 0) / phases.length,
    probesPerSecond: phases.reduce((n, p) => n + p.probesPerSecond, 0) / phases.length,
    faultsDown: Math.min(...phases.map((p) => p.faultsDown)),
    faultServices: phases[0]!.faultServices,
    load: phases.flatMap((p) => p.load),
  };
}

/**
 * The API under open-loop load while a gateway probes a healthy fleet, without (A) and with (B)
 * every kind of the probe fault suite running beside it. A and B alternate on fresh gateways
 * (two rounds each in a full run), so a burst of load from whatever else runs on the machine
 * does not land on one side only; each side's latencies are pooled over its rounds.
 */
export const faults: Bench = {
  name: 'faults',
  async run(options) {
    const healthy = options.quick ? 500 : 1_000;
    const copies = options.quick ? 3 : 10;
    const rounds = options.quick ? 1 : 2;
    const target = await startTarget(options.root);
    const broken = await startFaultTarget(options.root);
    try {
      const fleet = loadConfig(healthy, target.port, '5s', '2s');
      const kinds: FaultKind[] = faultKinds(broken.urls, await refusedPort(), '2s', '1s');
      const faultServices = kinds.flatMap((k) =>
        Array.from({ length: copies }, (_, i) => k.service(i)),
      );
      options.log(
        `A: ${healthy} healthy services at 5 s; B: the same plus ${kinds.length} fault kinds × ${copies} at 2 s (timeout 1 s); ${rounds} round(s) each, alternating`,
      );
      const without: Phase[] = [];
      const withFaults: Phase[] = [];
      for (let round = 1; round <= rounds; round++) {
        without.push(await phase(options, `A${round} (healthy fleet only)`, fleet, 0, healthy));
        withFaults.push(
          await phase(
            options,
            `B${round} (with the faults)`,
            { ...fleet, services: [...fleet.services, ...faultServices] },
            faultServices.length,
            healthy,
          ),
        );
      }
      const a = pooled(without);
      const b = pooled(withFaults);
      const figures: Figure[] = [];
      API_PATHS.forEach((p, i) => {
        const before = a.api[i]!;
        const after = b.api[i]!;
        figures.push(
          figure(
            `GET ${p}, 20/s open loop: p99 without faults`,
            before.p99,
            'ms',
            '— (reference)',
            null,
            `p50 ${before.p50} ms, max ${before.max} ms, ${before.ok}/${before.sent} 2xx; load ${loads(a)}`,
          ),
          figure(
            `GET ${p}, 20/s open loop: p99 with ${faultServices.length} fault checks running`,
            after.p99,
            'ms',
            '≤ 2 × the p99 without faults, or ≤ 50 ms',
            after.failed === 0 && (after.p99 <= 2 * before.p99 || after.p99 <= 50),
            `p50 ${after.p50} ms, max ${after.max} ms, ${after.ok}/${after.sent} 2xx; load ${loads(b)}`,
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
