import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './postgres-database.js';

const GATEWAY_DIR = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** One probe as the target saw it: which path, sent by which gateway, when. */
export interface SeenProbe {
  path: string;
  gateway: string;
  at: number;
}

/**
 * An HTTP target for a cluster of gateways: every check probes its own path, with an
 * `x-gateway: ${AETHER_GATEWAY_ID}` header, so the test knows who probed what and when. A path
 * answers 200 until the test fails it.
 */
export interface ProbeTarget {
  url: string;
  seen: SeenProbe[];
  failing: Set<string>;
  /** Who probed each path since `fromMs`. */
  probersSince(fromMs: number): Map<string, Set<string>>;
  close(): Promise<void>;
}

export async function startProbeTarget(): Promise<ProbeTarget> {
  const seen: SeenProbe[] = [];
  const failing = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, gateway: String(req.headers['x-gateway'] ?? ''), at: Date.now() });
    res.writeHead(failing.has(path) ? 503 : 200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    failing,
    probersSince(fromMs) {
      const by = new Map<string, Set<string>>();
      for (const probe of seen) {
        if (probe.at < fromMs) continue;
        const set = by.get(probe.path) ?? new Set<string>();
        set.add(probe.gateway);
        by.set(probe.path, set);
      }
      return by;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the config of a cluster says: its database, its target and its checks. */
export interface ClusterConfig {
  databaseUrl: string;
  targetUrl: string;
  services: number;
  interval: string;
  shards: number;
  leaseTtl: string;
  /** Lines appended as they are (e.g. an alerting block). */
  extra?: string[];
}

/** A config every gateway of the cluster shares: `services` services of one check each. */
export function writeClusterConfig(path: string, options: ClusterConfig): string[] {
  const ids = Array.from({ length: options.services }, (_, i) => `svc-${i}`);
  const lines = [
    'server: { port: 0 }',
    'auth: { anonymous: viewer }',
    `storage: { postgres: "${options.databaseUrl}" }`,
    `cluster: { shards: ${options.shards}, leaseTtl: ${options.leaseTtl} }`,
    'services:',
    ...ids.flatMap((id) => [
      `  - id: ${id}`,
      `    name: ${id}`,
      `    baseUrl: ${options.targetUrl}`,
      '    checks:',
      `      - { id: health, type: http, path: /p/${id}, interval: ${options.interval}, timeout: 1s, headers: { x-gateway: "\${AETHER_GATEWAY_ID}" } }`,
    ]),
    ...(options.extra ?? []),
    '',
  ];
  writeFileSync(path, lines.join('\n'));
  return ids;
}

export interface ChildGateway {
  id: string;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Its log lines (stdout and stderr), for a failing test's message. */
  log: string[];
  get<T>(path: string): Promise<T>;
  /** SIGTERM and wait for the exit (no-op when it is gone). */
  stop(): Promise<void>;
}

/** `aether serve` as a real child process (tsx, no build) with its own gateway id, once it listens. */
export async function spawnGateway(
  configPath: string,
  id: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildGateway> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', configPath, '--port', '0'],
    {
      cwd: GATEWAY_DIR,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        AETHER_DB: '',
        AETHER_AUDIT_KEY: '',
        AETHER_GATEWAY_ID: id,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => log.push(line));
  let gone = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      gone = true;
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.push(line);
      if (line.includes('aether gateway listening'))
        resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`gateway ${id} exited early:\n${log.join('\n')}`)));
  });
  return {
    id,
    url,
    child,
    exited,
    log,
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${url}${path}`);
      if (!response.ok) throw new Error(`GET ${path} on ${id}: ${response.status}`);
      return (await response.json()) as T;
    },
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Asks again until `done` holds; bounded by the test's timeout, never asserted on. */
export async function until<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  everyMs = 50,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Three gateways on one database, probing one target, as clusterForFile sets them up. */
export interface ClusterUnderTest {
  database: TestDatabase;
  target: ProbeTarget;
  /** The ids of the configured services (`svc-0`, …), one check each at `/p/<id>`. */
  services: string[];
  /** gw-a, gw-b and gw-c, in that order. */
  gateways: ChildGateway[];
}

/**
 * Three `aether serve` processes (gw-a, gw-b, gw-c) on one fresh Postgres database, sharing one
 * config and probing one ProbeTarget, for the tests of one file (inside a describePostgres): they
 * start together in beforeAll, as a rollout or a compose up would. `extra` is read then, so an
 * earlier beforeAll may start what it names (a webhook). afterAll resumes each (a test may have
 * SIGSTOPped it), stops it and removes the target, the database and the config's folder.
 */
export function clusterForFile(
  config: Omit<ClusterConfig, 'databaseUrl' | 'targetUrl' | 'extra'> & {
    extra?: () => string[];
  },
): () => ClusterUnderTest {
  let cluster: ClusterUnderTest | undefined;
  let database: TestDatabase | undefined;
  let target: ProbeTarget | undefined;
  let dir: string | undefined;
  const gateways: ChildGateway[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    target = await startProbeTarget();
    dir = mkdtempSync(join(tmpdir(), 'aether-cluster-'));
    const configPath = join(dir, 'aether.config.yaml');
    const { extra, ...checks } = config;
    const services = writeClusterConfig(configPath, {
      ...checks,
      databaseUrl: database.url,
      targetUrl: target.url,
      ...(extra ? { extra: extra() } : {}),
    });
    gateways.push(
      ...(await Promise.all(['gw-a', 'gw-b', 'gw-c'].map((id) => spawnGateway(configPath, id)))),
    );
    cluster = { database, target, services, gateways };
  }, 60_000);
  afterAll(async () => {
    for (const gateway of gateways) {
      gateway.child.kill('SIGCONT');
      await gateway.stop();
    }
    await target?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);
  return () => {
    if (!cluster) throw new Error('the cluster under test starts in beforeAll');
    return cluster;
  };
}
