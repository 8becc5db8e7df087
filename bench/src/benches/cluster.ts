import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { figure } from '../lib/figure.js';
import { startGateway, type GatewayRun } from '../lib/gateway.js';
import { cpuSeconds, rssBytes } from '../lib/proc.js';
import { startRecordingTarget } from '../lib/recording-target.js';
import { quantile } from '../lib/stats.js';

/** CPU seconds of a process and its descendants (tsx runs the target in a child node process). */
function treeCpuSeconds(pid: number): number {
  let total = 0;
  try {
    total = cpuSeconds(pid);
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' '))
      if (child.trim()) total += treeCpuSeconds(Number(child));
  } catch {
    // gone meanwhile
  }
  return total;
}

const ADMIN_URL = process.env.AETHER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const GATEWAYS = ['gw-1', 'gw-2', 'gw-3'];
const MiB = 2 ** 20;

function psql(url: string, sql: string): string {
  return execFileSync('psql', ['-At', '-v', 'ON_ERROR_STOP=1', '-c', sql, url], {
    encoding: 'utf8',
  }).trim();
}

/** Status events as an SSE client of one gateway sees them: key → when it arrived. */
async function watchStatus(url: string, seen: Map<string, number>, signal: AbortSignal) {
  const response = await fetch(`${url}/api/events`, {
    headers: { accept: 'text/event-stream' },
    signal,
  });
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        // one split per chunk: slicing the buffer once per frame is quadratic in a busy chunk
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          if (!frame.startsWith('id: ') || !frame.includes('\nevent: status\n')) continue;
          const data = frame.slice(frame.indexOf('\ndata: ') + 7);
          const event = JSON.parse(data) as { serviceId: string; status: string; since: string };
          const key = `${event.serviceId} ${event.status} ${event.since}`;
          if (!seen.has(key)) seen.set(key, Date.now());
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
}

/**
 * Three gateways on one Postgres database (the built CLI, each its own process), one check per
 * service with `x-gateway: ${AETHER_GATEWAY_ID}`, so the target knows who probed what:
 *  - steady state: achieved probes, checks probed by more than one gateway, CPU and RSS;
 *  - a status change probed on one gateway reaching SSE clients of the two others (the
 *    LISTEN/NOTIFY relay), measured against the originating gateway's own SSE client;
 *  - kill -9 of one gateway: until each of its checks is probed again by another.
 */
export const cluster: Bench = {
  name: 'cluster',
  async run(options: BenchOptions): Promise<Figure[]> {
    // the full run is the figure: 30,000 checks at 30 s (1,000 probes/s) at the defaults
    const checks = options.quick ? 600 : Number(process.env.AETHER_BENCH_CLUSTER_CHECKS ?? 30_000);
    const intervalS = options.quick ? 5 : 30;
    const leaseTtlS = options.quick ? 6 : 15;
    const name = `aether_bench_${randomBytes(4).toString('hex')}`;
    psql(ADMIN_URL, `CREATE DATABASE ${name}`);
    const dbUrl = new URL(ADMIN_URL);
    dbUrl.pathname = `/${name}`;
    // the target runs in a process of its own: at 1,000 probes/s the bench's loop must not be the limit
    const target = await startRecordingTarget(options.root);
    const gateways: { id: string; run: GatewayRun }[] = [];
    const abort = new AbortController();
    try {
      const config = {
        server: { concurrency: 256 },
        cluster: { shards: 1024, leaseTtl: `${leaseTtlS}s` },
        services: Array.from({ length: checks }, (_, i) => ({
          id: `s${String(i).padStart(5, '0')}`,
          name: `Service ${i}`,
          baseUrl: `http://127.0.0.1:${target.port}`,
          checks: [
            {
              id: 'http',
              type: 'http',
              path: `/t/${i}`,
              interval: `${intervalS}s`,
              timeout: '2s',
              headers: { 'x-gateway': '${AETHER_GATEWAY_ID}' },
            },
          ],
        })),
      };
      options.log(
        `${checks} checks at ${intervalS} s on 3 gateways + Postgres, leaseTtl ${leaseTtlS} s`,
      );
      const started = await Promise.all(
        GATEWAYS.map((id) =>
          startGateway(options.root, config, {
            env: { AETHER_DATABASE_URL: dbUrl.toString(), AETHER_GATEWAY_ID: id },
          }),
        ),
      );
      started.forEach((run, i) => gateways.push({ id: GATEWAYS[i]!, run }));

      // warm-up: leases spread (first claims jittered over a beat), then a whole interval
      await sleep((leaseTtlS / 3) * 2000 + intervalS * 1000 * 2);
      const windowS = options.quick ? intervalS * 2 : 30;
      const probes0 = await target.openWindow();
      const cpu0 = gateways.map((g) => cpuSeconds(g.run.child.pid));
      const targetCpu0 = treeCpuSeconds(target.child.pid);
      const t0 = performance.now();
      await sleep(windowS * 1000);
      const seconds = (performance.now() - t0) / 1000;
      const window = await target.window();
      const cpu = gateways.map((g, i) => (cpuSeconds(g.run.child.pid) - cpu0[i]!) / seconds);
      const targetCpu = (treeCpuSeconds(target.child.pid) - targetCpu0) / seconds;
      const rss = gateways.map((g) => rssBytes(g.run.child.pid) / MiB);
      const achieved = (window.probes - probes0) / ((checks / intervalS) * seconds);
      const duplicates = window.duplicates;
      const unprobed = checks - window.probed;

      // cross-gateway SSE: flip services and time their status events on every gateway
      const seen = GATEWAYS.map(() => new Map<string, number>());
      await Promise.all(gateways.map((g, i) => watchStatus(g.run.url, seen[i]!, abort.signal)));
      // 20 services fail every 2 s; each changes status at its next probe (within an interval)
      const rounds = options.quick ? 10 : 30;
      for (let round = 0; round < rounds; round++) {
        await target.fail(Array.from({ length: 20 }, (_, i) => `/t/${(round * 20 + i) % checks}`));
        await sleep(2000);
      }
      // every one of them probed since, then back up, and those probed again: each client has
      // seen both changes of every flipped service before the streams close
      await sleep(intervalS * 1000 + 1000);
      await target.ok();
      await sleep(intervalS * 1000 + 2000);
      abort.abort();
      const latencies: number[] = [];
      for (const key of new Set(seen.flatMap((m) => [...m.keys()]))) {
        const times = seen.map((m) => m.get(key)).filter((t): t is number => t !== undefined);
        if (times.length < 3) continue; // some client missed it: counted below
        const first = Math.min(...times);
        for (const t of times) if (t !== first) latencies.push(t - first);
      }
      // each change is due at the two gateways that did not probe it
      const changes = new Set(seen.flatMap((m) => [...m.keys()])).size;
      const missed = changes * (GATEWAYS.length - 1) - latencies.length;

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

      const conditions = `${checks} checks at ${intervalS} s, 3 gateways + Postgres on this machine (shared with other work)`;
      return [
        figure(`${conditions}: achieved probes`, achieved * 100, '%', '≥ 99 %', achieved >= 0.99),
        figure(
          `${conditions}: checks probed by more than one gateway in ${Math.round(seconds)} s`,
          duplicates,
          'checks',
          '0',
          duplicates === 0,
          unprobed > 0 ? `${unprobed} checks not probed in the window` : undefined,
        ),
        figure(
          `${conditions}: CPU of the 3 gateways`,
          cpu.reduce((a, b) => a + b, 0),
          'cores',
          'info',
          null,
          cpu.map((c) => c.toFixed(2)).join(' + '),
        ),
        figure(
          `${conditions}: CPU of the recording target (its own process, not the bench's)`,
          targetCpu,
          'cores',
          'info',
          null,
        ),
        figure(
          `${conditions}: RSS of the largest gateway`,
          Math.max(...rss),
          'MiB',
          '≤ 256 MiB',
          Math.max(...rss) <= 256,
        ),
        figure(
          'status change probed on one gateway → SSE client of another: p99',
          quantile(latencies, 0.99),
          'ms',
          '≤ 500 ms',
          quantile(latencies, 0.99) <= 500,
          `${latencies.length} deliveries, p50 ${quantile(latencies, 0.5).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms, ${missed} missed; measured against the originating gateway's own SSE client`,
        ),
        figure(
          `kill -9 of one gateway: all of its ${orphans} checks probed again`,
          takeoverMs / 1000,
          's',
          `≤ leaseTtl + interval (${leaseTtlS + intervalS} s)`,
          takeoverMs / 1000 <= leaseTtlS + intervalS,
        ),
      ];
    } finally {
      abort.abort();
      for (const g of gateways) await g.run.stop().catch(() => undefined);
      await target.stop();
      psql(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  },
};
