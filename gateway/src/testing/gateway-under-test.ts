import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startGateway, type RunningGateway } from '../cli/start-gateway.js';
import { authConfigLines } from './bot-tokens.js';

/** Plain tokens of the test callers; the config only holds their SHA-256. */
export const API_TOKENS = {
  viewer: 'api-viewer-token',
  operator: 'api-operator-token',
  admin: 'api-admin-token',
} as const;
export type ApiCaller = keyof typeof API_TOKENS | null;

/** A real HTTP service on loopback whose /health a test turns healthy or failing. */
export interface SwitchableTarget {
  url: string;
  port: number;
  healthy: boolean;
  close(): Promise<void>;
}

export async function startSwitchableTarget(): Promise<SwitchableTarget> {
  const server: Server = createServer((req, res) => {
    const ok = target.healthy;
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ok ? 'ok' : 'failing', path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const target: SwitchableTarget = {
    url: `http://127.0.0.1:${port}`,
    port,
    healthy: true,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return target;
}

export interface GatewayUnderTest {
  url: string;
  gateway: RunningGateway;
  target: SwitchableTarget;
  configPath: string;
  call(
    as: ApiCaller,
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string>; rawBody?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  anonymous?: 'viewer' | 'none';
  bodyLimit?: number;
  /** Check interval; long by default so only the test decides when checks run (POST /api/verify). */
  interval?: string;
  /** More YAML lines of the `orders` service (e.g. `    slo: { objective: 99 }`). */
  ordersExtra?: string[];
  /** startGateway's: longest a close waits for open connections before cutting them. */
  shutdownTimeoutMs?: number;
}

/**
 * The real gateway (startGateway: config file → SQLite in memory → monitor → app) on a loopback
 * port, watching two services of a switchable target: `orders` (tag prod, http) and `billing`
 * (tag staging, tcp).
 */
export async function startGatewayUnderTest(
  options: GatewayOptions = {},
): Promise<GatewayUnderTest> {
  const target = await startSwitchableTarget();
  const dir = mkdtempSync(join(tmpdir(), 'aether-api-'));
  const configPath = join(dir, 'aether.config.yaml');
  const interval = options.interval ?? '1h';
  writeFileSync(
    configPath,
    [
      'server:',
      '  port: 0',
      '  allowedOrigins: [http://localhost:5173]',
      `  bodyLimit: ${options.bodyLimit ?? 4096}`,
      'storage:',
      '  sqlite: ":memory:"',
      ...authConfigLines(options.anonymous ?? 'viewer', API_TOKENS),
      'services:',
      '  - id: orders',
      '    name: Orders API',
      '    group: commerce',
      '    tags: [prod]',
      ...(options.ordersExtra ?? []),
      `    baseUrl: ${target.url}`,
      '    checks:',
      `      - { id: health, type: http, path: /health, interval: ${interval}, timeout: 2s, failAfter: 1, recoverAfter: 1, expect: { status: [200], json: { "$.status": "ok" } } }`,
      '  - id: billing',
      '    name: Billing',
      '    group: finance',
      '    tags: [staging]',
      `    baseUrl: ${target.url}`,
      '    checks:',
      `      - { id: port, type: tcp, port: ${target.port}, interval: ${interval}, timeout: 2s }`,
      '',
    ].join('\n'),
  );
  const gateway = await startGateway({
    configPath,
    port: 0,
    dbPath: ':memory:',
    env: {},
    logger: pino({ level: 'silent' }),
    ...(options.shutdownTimeoutMs !== undefined
      ? { shutdownTimeoutMs: options.shutdownTimeoutMs }
      : {}),
  });
  await firstResults(gateway);
  return {
    url: gateway.url,
    gateway,
    target,
    configPath,
    call(as, method, path, init = {}) {
      const headers: Record<string, string> = {
        ...(as ? { authorization: `Bearer ${API_TOKENS[as]}` } : {}),
      };
      let body: string | undefined;
      if (init.rawBody !== undefined) body = init.rawBody;
      else if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] = 'application/json';
      }
      return fetch(`${gateway.url}${path}`, {
        method,
        headers: { ...headers, ...init.headers },
        body,
      });
    },
    async close() {
      await gateway.close();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once every check has its first result. The first probes run within a second of start
 * (whatever the interval), so a test that starts before them would see `result` and `status`
 * events of its own making mixed with these; after them the gateway stays quiet until asked.
 */
function firstResults(gateway: RunningGateway): Promise<void> {
  const { monitor, events } = gateway.deps;
  const done = () =>
    monitor.listServices().every((s) => s.checks.every((c) => c.status !== 'unknown'));
  return new Promise((resolve) => {
    if (done()) return resolve();
    const off = events.subscribe((event) => {
      if (event.type === 'result' && done()) {
        off();
        resolve();
      }
    });
  });
}

/**
 * One gateway under test for the whole test file: started before its tests, closed after them.
 * Returns a getter, as the gateway exists only once the file's tests run.
 */
export function gatewayUnderTestForFile(options: GatewayOptions = {}): () => GatewayUnderTest {
  let gw: GatewayUnderTest | undefined;
  beforeAll(async () => {
    gw = await startGatewayUnderTest(options);
  });
  afterAll(async () => {
    await gw?.close();
  });
  return () => {
    if (!gw) throw new Error('the gateway under test starts in beforeAll');
    return gw;
  };
}
