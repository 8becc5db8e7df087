import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Bench } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway, loadConfig } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { sampleProcess } from '../lib/proc.js';
import { figure } from '../lib/figure.js';

const MiB = 2 ** 20;

/** One endpoint at a fixed overall rate over a few connections: what a fleet of open panels sends. */
async function atRate(url: string, rate: number, seconds: number) {
  return autocannon({
    url,
    connections: 10,
    overallRate: rate,
    duration: seconds,
    headers: { accept: 'application/json', 'accept-encoding': 'gzip' },
  });
}

/**
 * GET /api/slos with 10,000 services, each with an SLO (99.9 % over 30 d), while the gateway
 * probes all of them at 10 s: p99 at the rate a fleet of open panels polls (requests spread over
 * 10 connections at a fixed overall rate), next to GET /api/services at the same rate.
 */
export const slos: Bench = {
  name: 'slos',
  async run(options) {
    const n = options.quick ? 2_000 : 10_000;
    const rate = 30;
    const seconds = options.quick ? 10 : 30;
    const target = await startTarget(options.root);
    const base = loadConfig(n, target.port);
    const config = {
      ...base,
      services: base.services.map((s) => ({ ...s, slo: { objective: 99.9, window: '30d' } })),
    };
    const gateway = await startGateway(options.root, config).catch(async (error: unknown) => {
      await target.stop();
      throw error;
    });
    try {
      // every check has run once and the SLO reports (rebuilt every 10 s) hold every service
      const ready = performance.now() + 60_000;
      let entries: { serviceId: string; total: number }[] = [];
      await sleep(options.quick ? 12_000 : 25_000);
      do {
        entries = (await (await fetch(`${gateway.url}/api/slos`)).json()) as typeof entries;
        if (entries.length === n && entries.every((e) => e.total > 0)) break;
        await sleep(1_000);
      } while (performance.now() < ready);
      const counted = entries.filter((e) => e.total > 0).length;
      options.log(
        `${entries.length} SLOs, ${counted} with results; ${rate} req/s for ${seconds} s`,
      );
      if (entries.length !== n) throw new Error(`/api/slos lists ${entries.length} of ${n} SLOs`);
      const usage = sampleProcess(gateway.child.pid);
      usage.start();
      const slo = await atRate(`${gateway.url}/api/slos`, rate, seconds);
      const u = usage.stop();
      const list = await atRate(`${gateway.url}/api/services`, rate, seconds);
      const label = `GET /api/slos, ${n.toLocaleString('en')} services each with an SLO, ${rate} req/s over 10 connections, gzip accepted, while probing ${n.toLocaleString('en')} checks at 10 s`;
      const figures: Figure[] = [
        figure(
          `${label}: p99`,
          slo.latency.p99,
          'ms',
          '≤ 50 ms',
          slo.latency.p99 <= 50 && slo.non2xx === 0 && slo.errors === 0,
          `p50 ${slo.latency.p50} ms, max ${slo.latency.max} ms, ${Math.round(slo.requests.average)} req/s, ${(slo.throughput.average / 1024).toFixed(0)} KiB/s, ${slo.non2xx} non-2xx, ${slo.errors} errors; ${counted} SLOs with results; gateway ${u.cores.toFixed(2)} cores, RSS max ${(u.rssMaxBytes / MiB).toFixed(0)} MiB over the window`,
        ),
        figure(
          `GET /api/services at the same rate and fleet: p99`,
          list.latency.p99,
          'ms',
          '— (reference)',
          null,
          `p50 ${list.latency.p50} ms, ${list.non2xx} non-2xx`,
        ),
      ];
      return figures;
    } finally {
      await gateway.stop();
      await target.stop();
    }
  },
};
