import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { figure } from '../lib/figure.js';
import { clusterSize, startClusterFleet } from '../lib/cluster-fleet.js';
import { flipAndWatch } from '../lib/cluster-sse.js';
import { cpuSeconds, rssBytes, statusBytes } from '../lib/proc.js';
import { processTreeCpuSeconds } from '../lib/process-tree-cpu.js';
import { bucketDelta, buckets, parsePrometheus, sum, type Sample } from '../lib/prometheus.js';
import { histogramQuantile, quantile } from '../lib/stats.js';

const MiB = 2 ** 20;
const FLIPS = 20;

/**
 * Three gateways on one Postgres database — a server of the bench's own, so all of its CPU can be
 * counted — (the built CLI, each its own process), one check per service:
 *  - steady state: achieved probes, checks probed by more than one gateway, the CPU of the
 *    gateways and of Postgres together, RSS;
 *  - a status change probed on one gateway reaching the SSE clients of the two others (the
 *    LISTEN/NOTIFY relay): 20 extra services probed every second are flipped down and up a
 *    known number of times (cluster-sse.ts);
 *  - kill -9 of one gateway: until each of its checks is probed again by another.
 * Postgres stopped for 30 s is `cluster-outage`.
 */
export const cluster: Bench = {
  name: 'cluster',
  async run(options: BenchOptions): Promise<Figure[]> {
    const { checks, intervalS, leaseTtlS } = clusterSize(options);
    options.log(
      `${checks} checks at ${intervalS} s + ${FLIPS} flip services at 1 s on 3 gateways + a private Postgres, leaseTtl ${leaseTtlS} s`,
    );
    const fleet = await startClusterFleet(options, { checks, intervalS, leaseTtlS, flips: FLIPS });
    const { gateways, target, pg } = fleet;
    try {
      options.log(`started in ${fleet.startSeconds.toFixed(1)} s`);
      // warm-up: leases spread (first claims jittered over a beat), then two whole intervals
      await sleep((leaseTtlS / 3) * 2000 + intervalS * 1000 * 2);
      const windowS = options.quick ? intervalS * 2 : 30;
      const scrape = () =>
        Promise.all(
          gateways.map(async (g) =>
            parsePrometheus(await (await fetch(`${g.run.url}/metrics`)).text()),
          ),
        );
      const metrics0 = await scrape();
      const probes0 = await target.openWindow();
      const cpu0 = gateways.map((g) => cpuSeconds(g.run.child.pid));
      const pgCpu0 = pg.cpuSeconds();
      const targetCpu0 = processTreeCpuSeconds(target.child.pid);
      const t0 = performance.now();
      await sleep(windowS * 1000);
      const seconds = (performance.now() - t0) / 1000;
      if (process.env.AETHER_BENCH_CPU_PROF) {
        // the profile covers the gateway's whole life: this is the part the CPU figure measures
        const from = (t0 - fleet.startedAt) / 1000;
        options.log(
          `CPU profile of ${gateways[0]!.id}: the measuring window is ${from.toFixed(0)}-${(from + seconds).toFixed(0)} s after its start (profile-top.ts FILE 40 --from ${from.toFixed(0)} --to ${(from + seconds).toFixed(0)})`,
        );
      }
      // CPU first: rendering /metrics (30,000 checks' series on each gateway) is the bench's
      // own work, and was counted in the window when the scrape came before the reading
      const cpu = gateways.map((g, i) => (cpuSeconds(g.run.child.pid) - cpu0[i]!) / seconds);
      const pgCpu = (pg.cpuSeconds() - pgCpu0) / seconds;
      const targetCpu = (processTreeCpuSeconds(target.child.pid) - targetCpu0) / seconds;
      const window = await target.window();
      const metrics1 = await scrape();
      const rss = gateways.map((g) => rssBytes(g.run.child.pid) / MiB);
      // the kernel's high-water mark since start: what a container memory limit sees (a GC's
      // transient peaks included, which a reading at one moment may miss)
      const hwm = gateways.map((g) => statusBytes(g.run.child.pid, 'VmHWM') / MiB);
      const expectedPerS = checks / intervalS + FLIPS;
      const achieved = (window.probes - probes0) / (expectedPerS * seconds);
      const duplicates = window.duplicates;
      const unprobed = checks + FLIPS - window.probed;
      const gatewaysCpu = cpu.reduce((a, b) => a + b, 0);
      // why probes may fall short: the schedulers' lateness over the window (all 3 together)
      const all = (m: Sample[][]) => m.flat();
      const lateness = bucketDelta(
        buckets(all(metrics1), 'aether_scheduler_lateness_seconds'),
        buckets(all(metrics0), 'aether_scheduler_lateness_seconds'),
      );
      const latenessP99 = histogramQuantile(lateness, 0.99) * 1000;
      const gatewayProbes =
        sum(all(metrics1), 'aether_probes_total') - sum(all(metrics0), 'aether_probes_total');

      const rounds = options.quick ? 5 : 10;
      options.log(`cross-gateway SSE: ${FLIPS} services down and up ${rounds} times`);
      // a failure here (no snapshot in time on a starved machine) leaves the other figures
      // each gateway's own event-loop delay over the flips: prom-client resets its histogram at
      // each scrape, so one scrape as the flips start and one as they end
      const loopDelays = async () =>
        (await scrape()).map((samples) => ({
          p99: sum(samples, 'nodejs_eventloop_lag_p99_seconds') * 1000,
          max: sum(samples, 'nodejs_eventloop_lag_max_seconds') * 1000,
        }));
      const sse = await flipAndWatch(options, fleet, rounds, undefined, async () => {
        await loopDelays();
      }).catch((error: Error) => {
        options.log(`cross-gateway SSE failed: ${error.message}`);
        return error;
      });
      const gatewayLoopDelays = sse instanceof Error ? [] : await loopDelays();

      // kill -9 of one gateway: its checks are those it probed last
      const victim = gateways.pop()!;
      const orphans = await target.orphansOf(victim.id);
      victim.run.child.process.kill('SIGKILL');
      const killedAt = Date.now();
      const deadline = killedAt + (leaseTtlS + intervalS) * 1000 * 3;
      let takeoverMs = NaN;
      while (Date.now() < deadline) {
        const { pending, lastAt } = await target.takeover(killedAt);
        if (pending === 0) {
          takeoverMs = lastAt - killedAt;
          break;
        }
        await sleep(100);
      }
      await victim.run.stop().catch(() => undefined);

      const conditions = `${checks.toLocaleString('en')} checks at ${intervalS} s, 3 gateways + Postgres on this machine (shared with other work)`;
      const sseFigure = (): Figure => {
        const name = `status change probed on one gateway → SSE client of another (while probing ${checks.toLocaleString('en')} checks): p99`;
        if (sse instanceof Error)
          return figure(name, NaN, 'ms', '≤ 500 ms', null, sse.message.slice(0, 500));
        const p99 = quantile(sse.fromProbe, 0.99);
        return figure(
          name,
          p99,
          'ms',
          '≤ 500 ms',
          p99 <= 500 && sse.missed === 0,
          `${sse.fromProbe.length} deliveries of ${sse.changes} changes (${sse.expected} caused, ${sse.attributed} with a known prober), p50 ${quantile(sse.fromProbe, 0.5).toFixed(0)} ms, max ${Math.max(...sse.fromProbe).toFixed(0)} ms, ${sse.missed} missed; from the probe's time (the event's since) to the client's read. The probe's time → the prober's own stream: p50 ${quantile(sse.fromProbeOwnStream, 0.5).toFixed(0)} ms, p99 ${quantile(sse.fromProbeOwnStream, 0.99).toFixed(0)} ms. Prober's own stream → the others': p50 ${quantile(sse.fromProberStream, 0.5).toFixed(0)} ms, p99 ${quantile(sse.fromProberStream, 0.99).toFixed(0)} ms. Event-loop delay over the flips, p99 / max: the gateways' ${gatewayLoopDelays.map((d) => `${d.p99.toFixed(0)} / ${d.max.toFixed(0)}`).join(', ')} ms; the client's ${sse.clientLoopDelay.p99} / ${sse.clientLoopDelay.max} ms${sse.dropped.length ? `; streams dropped by a gateway and resumed: ${sse.dropped.join('; ')}` : ''}`,
        );
      };
      return [
        figure(
          `${conditions}: achieved probes`,
          achieved * 100,
          '%',
          '≥ 99 %',
          achieved >= 0.99,
          `${(window.probes - probes0).toLocaleString('en')} probes in ${seconds.toFixed(1)} s, expected ${expectedPerS.toLocaleString('en')}/s (with the ${FLIPS} flip services at 1 s); the gateways counted ${gatewayProbes.toLocaleString('en')}; schedule lateness p99 ${latenessP99.toFixed(0)} ms`,
        ),
        figure(
          `${conditions}: checks probed by more than one gateway in ${Math.round(seconds)} s`,
          duplicates,
          'checks',
          '0',
          duplicates === 0,
          unprobed > 0 ? `${unprobed} checks not probed in the window` : undefined,
        ),
        figure(
          `${conditions}: CPU of the 3 gateways + Postgres`,
          gatewaysCpu + pgCpu,
          'cores',
          '≤ 1.0 core',
          gatewaysCpu + pgCpu <= 1,
          `gateways ${cpu.map((c) => c.toFixed(2)).join(' + ')}, Postgres ${pgCpu.toFixed(2)} (every process of the bench's own server: postmaster, backends, WAL writer, checkpointer…, ended ones included)`,
        ),
        figure(
          `${conditions}: CPU of the recording target (its own process, not the bench's)`,
          targetCpu,
          'cores',
          'info',
          null,
          // the target answers the same 1,000 requests a second in every run: how long its CPU
          // seconds took says how fast the host was, so the ratio compares runs across host load
          `the gateways + Postgres used ${((gatewaysCpu + pgCpu) / targetCpu).toFixed(2)}× the target's CPU`,
        ),
        figure(
          `${conditions}: RSS of the largest gateway`,
          Math.max(...rss),
          'MiB',
          '≤ 256 MiB',
          Math.max(...rss) <= 256,
          rss.map((r) => r.toFixed(0)).join(', '),
        ),
        figure(
          `${conditions}: peak RSS since start (VmHWM) of the largest gateway, read with RSS`,
          Math.max(...hwm),
          'MiB',
          'info',
          null,
          `${hwm.map((r) => r.toFixed(0)).join(', ')}; start-up and GC peaks included`,
        ),
        sseFigure(),
        figure(
          `kill -9 of one gateway: all of its ${orphans.toLocaleString('en')} checks probed again`,
          takeoverMs / 1000,
          's',
          `≤ leaseTtl + interval (${leaseTtlS + intervalS} s)`,
          takeoverMs / 1000 <= leaseTtlS + intervalS,
        ),
      ];
    } finally {
      await fleet.stop();
    }
  },
};
