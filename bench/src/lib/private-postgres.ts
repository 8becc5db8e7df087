import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './spawn.js';
import { processTreeCpuSeconds } from './process-tree-cpu.js';

/**
 * A Postgres server of the bench's own: initdb in a temp dir, its own port and socket dir, trust
 * auth on loopback. The cluster benches stop and start it (the outage figure) and count all of
 * its processes' CPU (the total-CPU figure) — neither can be done on the shared server at
 * AETHER_TEST_POSTGRES_URL that other work's tests use. Debian's binaries
 * (/usr/lib/postgresql/<version>/bin) unless AETHER_BENCH_PG_BIN names a directory. initdb and
 * the server refuse to run as root: as root, they run as the `postgres` user (runuser).
 */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  /** The postmaster's pid while it runs (it changes on each start). */
  pid(): number;
  /** CPU seconds so far of the postmaster and every process it forked (backends, WAL writer…). */
  cpuSeconds(): number;
  /** Stops the server (fast: connections are cut, as when a database host goes away). */
  stop(): Promise<void>;
  /** Starts it again on the same data and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it if running and removes its directory. */
  destroy(): void;
}

function binDir(): string {
  const fromEnv = process.env.AETHER_BENCH_PG_BIN;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new Error(
      'no Postgres server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql) and AETHER_BENCH_PG_BIN unset',
    );
  return path.join(base, versions[0], 'bin');
}

export async function startPrivatePostgres(database = 'aether_bench'): Promise<PrivatePostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
  const run = (tool: string, args: string[]) =>
    execFileSync(...command(tool, args), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // stop and start while the bench goes on polling the gateways: not on its event loop
  const runAsync = async (tool: string, args: string[]) =>
    void (await promisify(execFile)(...command(tool, args)));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  // the server's defaults otherwise (shared_buffers 128 MB, fsync on): the figures are a
  // stock server's, not a tuned one's
  const serverOptions = [
    `-p ${port}`,
    `-c listen_addresses=127.0.0.1`,
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=200`,
  ].join(' ');
  const startArgs = () => [
    'start',
    '-w',
    '-t',
    '60',
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-o',
    serverOptions,
  ];
  let running = false;
  const pid = () => Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    run('pg_ctl', startArgs());
    running = true;
    run('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-c',
      `CREATE DATABASE ${database}`,
    ]);
  } catch (error) {
    if (running) run('pg_ctl', ['stop', '-m', 'immediate', '-D', data]);
    rmSync(dir, { recursive: true, force: true });
    const e = error as Error & { stderr?: string };
    throw new Error(`private Postgres did not start: ${e.message}\n${e.stderr ?? ''}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    pid,
    cpuSeconds: () => processTreeCpuSeconds(pid()),
    async stop() {
      await runAsync('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]);
      running = false;
    },
    async start() {
      await runAsync('pg_ctl', startArgs());
      running = true;
    },
    destroy() {
      try {
        if (running) run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', data]);
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
