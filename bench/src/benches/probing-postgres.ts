import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { figure } from '../lib/figure.js';
import { startGateway, loadConfig } from '../lib/gateway.js';
import { parsePrometheus, sum } from '../lib/prometheus.js';
import { cpuSeconds, sampleProcess } from '../lib/proc.js';
import { startTarget } from '../lib/target.js';

const MiB = 2 ** 20;
const INTERVAL_S = 10;

/** The server the gateway tests use (AETHER_TEST_POSTGRES_URL), reached with Debian's psql. */
const ADMIN_URL = process.env.AETHER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function psql(url: string, sql: string): string {
  try {
    return execFileSync('psql', ['-At', '-v', 'ON_ERROR_STOP=1', '-c', sql, url], {
      encoding: 'utf8',
    }).trim();
  } catch (error) {
    throw new Error(
      `psql against ${new URL(url).host} failed (is a Postgres server at AETHER_TEST_POSTGRES_URL, and psql installed?): ${(error as Error).message}`,
    );
  }
}

/** A fresh database of the bench's own on the test server; dropped after its run. */
function createDatabase(): { url: string; name: string; drop(): void } {
  const name = `aether_bench_${randomBytes(4).toString('hex')}`;
  psql(ADMIN_URL, `CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => void psql(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** CPU seconds so far of the server processes serving one database (its backends). */
function backendCpu(database: string, pids?: number[]): { pids: number[]; seconds: number } {
  const found =
    pids ??
    psql(ADMIN_URL, `SELECT pid FROM pg_stat_activity WHERE datname = '${database}'`)
      .split('\n')
      .filter(Boolean)
      .map(Number);
  let seconds = 0;
  for (const pid of found) {
    try {
      seconds += cpuSeconds(pid);
    } catch {
      // a backend that ended in the window: its time is lost, the figure is a floor
    }
  }
  return { pids: found, seconds };
}

interface Run {
  probesPerSecond: number;
  cores: number;
  rssMiB: number;
  /** Cores of the database's backends (Postgres only). */
  backendCores: number | null;
  backends: number;
  listP99: number;
  listP50: number;
  listNon2xx: number;
}

async function runOne(options: BenchOptions, n: number, backend: 'sqlite' | 'postgres') {
  const target = await startTarget(options.root, 0);
  const database = backend === 'postgres' ? createDatabase() : undefined;
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
      const db0 = database ? backendCpu(database.name) : undefined;
      const t0 = performance.now();
      usage.start();
      await sleep(windowMs);
      const u = usage.stop();
      const db1 = database && db0 ? backendCpu(database.name, db0.pids) : undefined;
      const seconds = (performance.now() - t0) / 1000;
      const after = await scrape();
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
        backendCores: db0 && db1 ? (db1.seconds - db0.seconds) / seconds : null,
        backends: db0?.pids.length ?? 0,
        listP99: list.latency.p99,
        listP50: list.latency.p50,
        listNon2xx: list.non2xx + list.errors,
      };
      return run;
    } finally {
      await gateway.stop();
    }
  } finally {
    database?.drop();
    await target.stop();
  }
}

/**
 * One gateway on Postgres beside one on SQLite, same fleet, same target, back to back: CPU per
 * probe (the gateway's, and on Postgres its backends' beside it) and GET /api/services p99 while
 * probing — issue 15's "same single-gateway figures on Postgres as on SQLite".
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
        figure(
          `${label}, ${name}: GET /api/services p99 (200 connections, gzip, while probing)`,
          r.listP99,
          'ms',
          '≤ 50 ms',
          r.listP99 <= 50 && r.listNon2xx === 0,
          `p50 ${r.listP50} ms, ${r.listNon2xx} non-2xx or errors`,
        ),
      );
    }
    if (postgres.backendCores !== null)
      figures.push(
        figure(
          `${label}, Postgres: the database's backends, CPU per probe`,
          perProbe(postgres, postgres.backendCores),
          'ms',
          '—',
          null,
          `${postgres.backendCores.toFixed(3)} cores over ${postgres.backends} backend(s) of the bench's database (/proc of each; the server's shared processes — WAL writer, checkpointer — not counted, as other databases on the same server use them too)`,
        ),
      );
    return figures;
  },
};
