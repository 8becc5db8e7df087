import { mkdtempSync, rmSync, writeFileSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, start, waitFor, type Child } from './spawn.js';

export interface GatewayRun {
  url: string;
  child: Child;
  dbPath: string;
  dir: string;
  /** Bytes of the SQLite file plus its WAL. */
  dbBytes(): number;
  /** Bytes of the WAL alone (it grows when checkpoints cannot keep up or readers pin it). */
  walBytes(): number;
  stop(): Promise<void>;
}

/**
 * Starts the built gateway CLI as its own process (so /proc measures it alone) on a config written
 * as JSON (YAML is a superset of JSON) into a temp dir with its own SQLite file.
 */
export interface GatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** An existing (e.g. seeded) SQLite file; a fresh one in the temp dir otherwise. */
  dbPath?: string;
  /** Extra node flags, e.g. --cpu-prof (AETHER_BENCH_CPU_PROF=DIR adds it to every gateway). */
  nodeArgs?: string[];
  /** How long to wait for /ready (default 120 s). */
  readyTimeoutMs?: number;
  /**
   * Whether AETHER_BENCH_CPU_PROF profiles this gateway (default true): a fleet profiles one of
   * its gateways, so the profiler's own cost is not paid three times on a shared machine.
   */
  cpuProfile?: boolean;
}

/**
 * The young-generation size the gateway runs with (gateway/package.json start, its Dockerfile);
 * AETHER_BENCH_SEMI_SPACE_MB sets another for an A/B (V8's own default is 16).
 */
export const GATEWAY_SEMI_SPACE_FLAG = `--max-semi-space-size=${process.env.AETHER_BENCH_SEMI_SPACE_MB ?? 4}`;

export async function startGateway(
  root: string,
  config: Record<string, unknown>,
  options: GatewayOptions = {},
): Promise<GatewayRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-'));
  const port = await freePort();
  const dbPath = options.dbPath ?? path.join(dir, 'aether.db');
  const configPath = path.join(dir, 'aether.config.yaml');
  writeFileSync(
    configPath,
    JSON.stringify({
      ...config,
      // the bench reads /metrics and the API without tokens: open them as the demo config does
      // (the gateway's defaults are anonymous none and a private /metrics)
      auth: { anonymous: 'viewer', ...(config.auth as object) },
      server: { metricsPublic: true, ...(config.server as object), port, host: '127.0.0.1' },
    }),
  );
  // AETHER_BENCH_GATEWAY=DIR runs another build (DIR/bin/aether.js, DIR/dist): an A/B of two
  // builds back to back, while the repo's own gateway/dist may be rebuilt meanwhile
  const gatewayDir = process.env.AETHER_BENCH_GATEWAY ?? path.join(root, 'gateway');
  const cli = path.join(gatewayDir, 'bin', 'aether.js');
  if (!existsSync(path.join(gatewayDir, 'dist')))
    throw new Error('gateway is not built: run npm run build first');
  const profileDir = options.cpuProfile === false ? undefined : process.env.AETHER_BENCH_CPU_PROF;
  const nodeArgs = [
    // as the gateway's own start script and image run it (a young generation of 2 x 4 MiB
    // instead of V8's 2 x 16 MiB); a caller's own --max-semi-space-size wins
    ...(options.nodeArgs?.some((arg) => arg.startsWith('--max-semi-space-size'))
      ? []
      : [GATEWAY_SEMI_SPACE_FLAG]),
    ...(options.nodeArgs ?? []),
    // AETHER_BENCH_NODE_ARGS="--flag …": more Node/V8 flags for every gateway, for an A/B
    ...(process.env.AETHER_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    // AETHER_BENCH_CPU_PROF_INTERVAL=µs: sample less often than every 1,000 µs, for a profile
    // that weighs less on a gateway already near its limit
    ...(profileDir && process.env.AETHER_BENCH_CPU_PROF_INTERVAL
      ? [`--cpu-prof-interval=${process.env.AETHER_BENCH_CPU_PROF_INTERVAL}`]
      : []),
  ];
  const child = start(
    process.execPath,
    [...nodeArgs, cli, 'serve', '--config', configPath, '--db', dbPath],
    {
      cwd: dir,
      env: { LOG_LEVEL: 'warn', ...options.env },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'gateway /ready',
      async () => (await fetch(`${url}/ready`)).ok,
      options.readyTimeoutMs ?? 120_000,
      () => child.process.exitCode !== null,
    );
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
  const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  return {
    url,
    child,
    dbPath,
    dir,
    dbBytes: () => size(dbPath) + size(`${dbPath}-wal`),
    walBytes: () => size(`${dbPath}-wal`),
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** N services each with one HTTP check against the target, every `interval`. */
export function loadConfig(n: number, targetPort: number, interval = '10s', timeout = '2s') {
  return {
    server: { concurrency: 512 },
    services: Array.from({ length: n }, (_, i) => ({
      id: `s${String(i).padStart(5, '0')}`,
      name: `Service ${i}`,
      group: `group-${i % 20}`,
      tags: i % 10 === 0 ? ['bench', 'canary'] : ['bench'],
      baseUrl: `http://127.0.0.1:${targetPort}`,
      checks: [{ id: 'http', type: 'http', path: `/t/${i}`, interval, timeout }],
    })),
  };
}
