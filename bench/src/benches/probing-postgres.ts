import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { figure } from '../lib/figure.js';
import { startGateway, loadConfig } from '../lib/gateway.js';
import { parsePrometheus, sum } from '../lib/prometheus.js';
import { sampleProcess } from '../lib/proc.js';
import { quantile } from '../lib/stats.js';
import { startPrivatePostgres } from '../lib/private-postgres.js';
import { startTarget } from '../lib/target.js';
import { FILTERED_PAGE, POLLING, poll, pollFigure, type PollRun } from '../lib/list-pollers.js';

const MiB = 2 ** 20;
const INTERVAL_S = 10;

interface Run {
  probesPerSecond: number;
  cores: number;
  rssMiB: number;
  /** Cores of every process of the Postgres server (Postgres only). */
  serverCores: number | null;
  listP99: number;
  listP50: number;
  listNon2xx: number;
  /** Open-loop polling (the list-polling bench's load), one after the other while probing. */
  changes: PollRun;
  page: PollRun;
}

async function runOne(options: BenchOptions, n: number, backend: 'sqlite' | 'postgres') {
  const target = await startTarget(options.root, 0);
  // a server of the bench's own: all of its CPU is this gateway's doing, and the shared test
  // server (AETHER_TEST_POSTGRES_URL) is not loaded while others' tests use it
  const database = backend === 'postgres' ? await startPrivatePostgres() : undefined;
  try {
    const gateway = await startGateway(
      options.root,
      loadConfig(n, target.port, `${INTERVAL_S}s`),
      database ? { env: { AETHER_DATABASE_URL: database.url } } : {},
    );
    try {
      const warmup = (options.quick ? 2_000 : 15_000) + INTERVAL_S * 1000;
      const windowMs = options.quick ? INTERVAL_S * 1000 : 30_000;
      options.log(
        `${n} checks on ${backend}: warm-up ${warmup / 1000} s, window ${windowMs / 1000} s`,
      );
      await sleep(warmup);
      const scrape = async () =>
        parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text());
      const usage = sampleProcess(gateway.child.pid);
      const before = await scrape();
      const db0 = database?.cpuSeconds();
      const t0 = performance.now();
      usage.start();
      await sleep(windowMs);
      const u = usage.stop();
      const db1 = database?.cpuSeconds();
      const seconds = (performance.now() - t0) / 1000;
      const after = await scrape();
      // the lists a dashboard polls (issue 16's goals), then the first wave's closed loop of
      // whole lists last: it saturates the gateway, and would leave a backlog on the others
      const pollSeconds = options.quick ? 6 : 20;
      options.log(
        `changes?since= and a filtered page on ${backend}, ${POLLING} each, while probing`,
      );
      const changes = await poll(options, gateway, 'changes', pollSeconds);
      const page = await poll(options, gateway, 'path', pollSeconds, ['--path', FILTERED_PAGE]);
      options.log(`GET /api/services on ${backend}, 200 connections, while probing`);
      const list = await autocannon({
        url: `${gateway.url}/api/services`,
        connections: 200,
        duration: options.quick ? 3 : 10,
        headers: { accept: 'application/json', 'accept-encoding': 'gzip' },
      });
      const run: Run = {
        probesPerSecond:
          (sum(after, 'aether_probes_total') - sum(before, 'aether_probes_total')) / seconds,
        cores: u.cores,
        rssMiB: u.rssMaxBytes / MiB,
        serverCores: db0 !== undefined && db1 !== undefined ? (db1 - db0) / seconds : null,
        listP99: list.latency.p99,
        listP50: list.latency.p50,
        listNon2xx: list.non2xx + list.errors,
        changes,
        page,
      };
      return run;
    } finally {
      await gateway.stop();
    }
  } finally {
    database?.destroy();
    await target.stop();
  }
}

/**
 * One gateway on Postgres beside one on SQLite, same fleet, same target, back to back: CPU per
 * probe (the gateway's, and on Postgres its backends' beside it) and the lists' p99 while probing
 * (list-polling's open-loop goals, then the first wave's closed loop of whole lists) — issue 15's
 * "same single-gateway figures on Postgres as on SQLite".
 */
export const probingPostgres: Bench = {
  name: 'probing-postgres',
  async run(options) {
    const n = options.quick ? 2_000 : 10_000;
    const sqlite = await runOne(options, n, 'sqlite');
    const postgres = await runOne(options, n, 'postgres');
    const perProbe = (r: Run, cores = r.cores) => (cores * 1000) / r.probesPerSecond;
    const label = `${n.toLocaleString('en')} checks at ${INTERVAL_S} s`;
    const expected = n / INTERVAL_S;
    const figures: Figure[] = [];
    for (const [name, r] of [
      ['SQLite', sqlite],
      ['Postgres', postgres],
    ] as const) {
      figures.push(
        figure(
          `${label}, ${name}: probes/s achieved (expected ${expected})`,
          r.probesPerSecond,
          '/s',
          '≥ 99 % of expected',
          r.probesPerSecond >= 0.99 * expected,
        ),
        figure(
          `${label}, ${name}: gateway CPU per probe`,
          perProbe(r),
          'ms',
          name === 'Postgres' ? `≤ 1.25× SQLite's (${perProbe(sqlite).toFixed(3)} ms)` : '—',
          name === 'Postgres' ? perProbe(r) <= 1.25 * perProbe(sqlite) : null,
          `${r.cores.toFixed(3)} cores over the window; RSS max ${r.rssMiB.toFixed(0)} MiB`,
        ),
        pollFigure(
          `${label}, ${name}: GET /api/services/changes?since=, ${POLLING}, while probing: p99`,
          r.changes,
          true,
        ),
        pollFigure(`${label}, ${name}: GET ${FILTERED_PAGE}, same rate: p99`, r.page, true),
        figure(
          `${label}, ${name}: GET /api/services whole list p99 (200 connections closed loop, gzip, while probing)`,
          r.listP99,
          'ms',
          '— (the first wave asked ≤ 50 ms; the open-loop goals above took its place)',
          null,
          `p50 ${r.listP50} ms, ${r.listNon2xx} non-2xx or errors`,
        ),
      );
    }
    if (postgres.serverCores !== null)
      figures.push(
        figure(
          `${label}, Postgres: the database server's CPU per probe`,
          perProbe(postgres, postgres.serverCores),
          'ms',
          '—',
          null,
          `${postgres.serverCores.toFixed(3)} cores: every process of the bench's own server (postmaster, backends, WAL writer, checkpointer, ended ones included)`,
        ),
      );
    const p99 = (r: PollRun) => quantile(r.polled.latencies, 0.99).toFixed(1);
    // the issue asks for the two side by side: one line each figure, SQLite then Postgres
    const both = (r: Run) =>
      perProbe(r) + (r.serverCores === null ? 0 : perProbe(r, r.serverCores));
    figures.at(-1)!.details = [
      `side by side, SQLite | Postgres: gateway CPU per probe ${perProbe(sqlite).toFixed(3)} | ${perProbe(postgres).toFixed(3)} ms (${(perProbe(postgres) / perProbe(sqlite)).toFixed(2)}×); with the database server's ${both(sqlite).toFixed(3)} | ${both(postgres).toFixed(3)} ms (SQLite runs inside the gateway)`,
      `side by side, SQLite | Postgres: changes?since= p99 ${p99(sqlite.changes)} | ${p99(postgres.changes)} ms; the filtered page p99 ${p99(sqlite.page)} | ${p99(postgres.page)} ms; the whole list (closed loop) p99 ${sqlite.listP99} | ${postgres.listP99} ms, p50 ${sqlite.listP50} | ${postgres.listP50} ms; probes/s ${sqlite.probesPerSecond.toFixed(0)} | ${postgres.probesPerSecond.toFixed(0)}; RSS max ${sqlite.rssMiB.toFixed(0)} | ${postgres.rssMiB.toFixed(0)} MiB`,
    ];
    return figures;
  },
};
