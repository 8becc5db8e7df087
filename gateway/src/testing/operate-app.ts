import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { PanelRegistry } from '../panels/types.js';
import type { Monitor } from '../monitor/types.js';
import { PANELS, makeServiceDetail, makeServices } from '@aether/contract/fixtures';
import { createApp, type AetherApp } from '../api/app.js';
import type { AppDeps } from '../api/deps.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { AetherConfig } from '../config/schema.js';
import { EventBus } from '../events/bus.js';
import { buildGateway } from '../cli/build-gateway.js';
import type { GatewayStores } from '../store/index.js';

/** Plain tokens of the test identities; the config only holds their SHA-256. */
export const TOKENS = {
  viewer: 'viewer-token-5f1c2a',
  operator: 'operator-token-9d8e7f',
  operator2: 'operator2-token-1a2b3c',
  admin: 'admin-token-4d5e6f',
} as const;

export type TestIdentity = keyof typeof TOKENS;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Real time for timers (send timeouts), but `now` can be moved forward to expire tokens and approvals. */
export class ShiftableClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    return systemClock.setTimeout(fn, ms);
  }
  clearTimeout(handle: unknown): void {
    systemClock.clearTimeout(handle);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** Monitor and panel registry stand-ins: the operate routes do not use them; the route walk needs them to answer. */
function stubMonitor(): Monitor {
  const services = makeServices(2);
  return {
    start: () => undefined,
    stop: async () => undefined,
    running: true,
    listServices: () => services,
    getService: (id) => (id === services[0]!.id ? makeServiceDetail(0) : undefined),
    history: async (serviceId) =>
      ({ serviceId, checkId: null, stepMs: 60_000, points: [] }) as never,
    incidents: async () => [],
    verify: async () => [],
  };
}

function stubPanels(): PanelRegistry {
  return {
    list: async () => PANELS,
    get: async (id) => PANELS.find((p) => p.id === id),
    register: async (id, registration) => ({ ...PANELS[0]!, ...registration, id }) as never,
    history: async () => [],
    rollback: async (id) => PANELS.find((p) => p.id === id)!,
    setDisabled: async (id) => PANELS.find((p) => p.id === id)!,
    origins: async () => [],
  };
}

export interface OperateApp {
  url: string;
  app: AetherApp;
  deps: AppDeps;
  /** The stores behind the app (tests look at raw rows through them). */
  stores: GatewayStores;
  clock: ShiftableClock;
  /** Every line the gateway logged, as written (JSON). */
  logLines: string[];
  /** fetch against the gateway as one of the test identities (or anonymously). */
  call(
    as: TestIdentity | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }>;
  close(): Promise<void>;
}

/**
 * A real gateway app (built by buildGateway, as `aether serve` builds it, on ':memory:' SQLite) on a
 * loopback port, with the operate config a test gives (services, anonymous), a stub monitor and
 * panel registry, and a clock whose `now` tests can move.
 */
export async function startOperateApp(
  config: {
    services?: unknown[];
    anonymous?: 'viewer' | 'none';
    allowedOrigins?: string[];
    /** A SQLite file, to start a second app on what a first one left (a restart); default ':memory:'. */
    sqlite?: string;
    /** The config's `alerting` block (channels and routes), as YAML would give it. */
    alerting?: unknown;
  } = {},
): Promise<OperateApp> {
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const clock = new ShiftableClock();
  const parsed = AetherConfig.parse({
    server: { allowedOrigins: config.allowedOrigins ?? ['http://localhost:5173'] },
    storage: { sqlite: config.sqlite ?? ':memory:' },
    auth: {
      anonymous: config.anonymous ?? 'viewer',
      tokens: [
        { name: 'vera', role: 'viewer', sha256: sha256(TOKENS.viewer) },
        { name: 'otto', role: 'operator', sha256: sha256(TOKENS.operator) },
        { name: 'olga', role: 'operator', sha256: sha256(TOKENS.operator2) },
        { name: 'ada', role: 'admin', sha256: sha256(TOKENS.admin) },
      ],
      sessionTtl: '1h',
    },
    services: config.services ?? [],
    ...(config.alerting !== undefined ? { alerting: config.alerting } : {}),
  });
  const built = await buildGateway({
    config: parsed,
    configPath: 'test.yaml',
    version: 'test',
    clock,
    logger,
    events: new EventBus(),
    monitor: stubMonitor,
    panels: stubPanels(),
    processMetrics: false,
  });
  const { deps, stores } = built;
  const app = createApp(deps);
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    app,
    deps,
    stores,
    clock,
    logLines,
    async call(as, method, path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(as ? { authorization: `Bearer ${TOKENS[as]}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: () => JSON.parse(text) as unknown,
      };
    },
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.close();
    },
  };
}
