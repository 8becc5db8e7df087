import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Panel, PanelHistory, PanelList, type PanelsEvent } from '@aether/contract';
import { createApp, type AetherApp } from './app.js';
import type { AppDeps } from './deps.js';
import { systemClock } from '../clock.js';
import { AetherConfig } from '../config/schema.js';
import { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import { buildGateway, type BuiltGateway } from '../cli/build-gateway.js';
import { expectJson, expectProblem } from '../testing/problem-assertions.js';
import { SseReader } from '../testing/sse-reader.js';
import { botTokens } from '../testing/bot-tokens.js';

const TOKENS = {
  viewer: 'panels-viewer-token',
  operator: 'panels-operator-token',
  admin: 'panels-admin-token',
} as const;
type Caller = keyof typeof TOKENS | null;

/** The panels routes do not touch the monitor; the SSE snapshot asks it for an (empty) fleet. */
const idleMonitor: Monitor = {
  start: () => undefined,
  stop: async () => undefined,
  running: true,
  listServices: () => [],
  getService: () => undefined,
  history: () => {
    throw new Error('not used');
  },
  incidents: async () => [],
  verify: async () => [],
};

let app: AetherApp;
let server: Server;
let url: string;
let deps: AppDeps;
let built: BuiltGateway;

beforeAll(async () => {
  const config = AetherConfig.parse({
    storage: { sqlite: ':memory:' },
    auth: {
      anonymous: 'viewer',
      tokens: botTokens(TOKENS),
    },
    panels: [
      { id: 'health', title: 'Health', entry: 'http://localhost:5174/mf-manifest.json' },
      { id: 'interaction', title: 'Operate', entry: 'http://localhost:5175/mf-manifest.json' },
    ],
    // versions registered below are served by 127.0.0.1 on several ports
    registry: { allowedOrigins: ['http://127.0.0.1:*'] },
  });
  built = await buildGateway({
    config,
    configPath: 'test.yaml',
    version: 'test',
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    events: new EventBus(),
    monitor: () => idleMonitor,
    processMetrics: false,
  });
  deps = built.deps;
  app = createApp(deps);
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  app?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await built?.close();
});

function call(as: Caller, method: string, path: string, body?: unknown) {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${TOKENS[as]}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const registration = {
  entry: 'http://127.0.0.1:6101/health/1.2.0/mf-manifest.json',
  version: '1.2.0',
};

describe('roles (from the contract ROUTES, through createApp)', () => {
  const cases: Array<[string, string, unknown, Caller, number]> = [
    ['GET', '/api/panels', undefined, null, 200],
    ['GET', '/api/panels/health/history', undefined, null, 200],
    ['PUT', '/api/panels/health', registration, null, 401],
    ['PUT', '/api/panels/health', registration, 'viewer', 403],
    ['PUT', '/api/panels/health', registration, 'operator', 403],
    ['POST', '/api/panels/health/rollback', {}, 'operator', 403],
    ['POST', '/api/panels/health/disable', {}, 'viewer', 403],
    ['POST', '/api/panels/health/disable', {}, null, 401],
  ];
  it.each(cases)('%s %s as %s → %i', async (method, path, body, as, status) => {
    const response = await call(as, method, path, body);
    if (status >= 400) await expectProblem(response, status);
    else expect(response.status).toBe(status);
  });
});

describe('registry over HTTP', () => {
  it('lists the config panels for viewers, uncached', async () => {
    const response = await call('viewer', 'GET', '/api/panels');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const panels = await expectJson(response, PanelList);
    expect(panels.map((p) => p.id)).toEqual(['health', 'interaction']);
  });

  it('PUT registers a version, announces it on the event stream, and shows up in history', async () => {
    const stream = await SseReader.open(`${url}/api/events`);
    try {
      const panel = await expectJson(
        await call('admin', 'PUT', '/api/panels/health', registration),
        Panel,
      );
      expect(panel).toMatchObject({ id: 'health', ...registration, module: './Panel' });
      const event = await stream.next((m) => m.event === 'panels');
      expect(
        (JSON.parse(event.data) as PanelsEvent).panels.find((p) => p.id === 'health')?.version,
      ).toBe('1.2.0');
    } finally {
      stream.close();
    }
    const history = await expectJson(
      await call(null, 'GET', '/api/panels/health/history'),
      PanelHistory,
    );
    expect(history[0]).toMatchObject({
      version: '1.2.0',
      action: 'register',
      actor: 'admin-bot',
      current: true,
    });
  });

  it('rolls back and switches off and on, as admin', async () => {
    await call('admin', 'PUT', '/api/panels/interaction', {
      entry: 'http://127.0.0.1:6102/mf-manifest.json',
      version: '2',
    });
    const back = await expectJson(
      await call('admin', 'POST', '/api/panels/interaction/rollback', {}),
      Panel,
    );
    expect(back.version).toBe('config');
    const off = await expectJson(
      await call('admin', 'POST', '/api/panels/interaction/disable', {}),
      Panel,
    );
    expect(off.disabled).toBe(true);
    const on = await expectJson(
      await call('admin', 'POST', '/api/panels/interaction/disable', { disabled: false }),
      Panel,
    );
    expect(on.disabled).toBeUndefined();
  });

  const HEALTH = '/api/panels/health';
  const version1 = (entry: string) => ({ entry, version: '1' });
  const ELSEWHERE = 'panels.example.test/mf-manifest.json';
  it.each([
    ['an unknown field', HEALTH, { ...registration, colour: 'red' }, 400],
    ['a missing version', HEALTH, { entry: registration.entry }, 400],
    ['an entry that is not a URL', HEALTH, version1('nope'), 400],
    ['a javascript: entry', HEALTH, version1('javascript:alert(1)'), 400],
    ['a data: entry', HEALTH, version1('data:text/javascript,alert(1)'), 400],
    ['plain http from an origin not allowed', HEALTH, version1(`http://${ELSEWHERE}`), 400],
    ['an entry with userinfo', HEALTH, version1(`https://u:p@${ELSEWHERE}`), 400],
    ['an integrity that is no SRI hash', HEALTH, { ...registration, integrity: 'sha384-abc' }, 400],
    ['an id outside the contract', '/api/panels/Bad_Id', registration, 404],
  ])('PUT refuses %s', async (_name, path, body, status) => {
    await expectProblem(await call('admin', 'PUT', path, body), status);
  });

  it('answers 404 for an unknown panel and 409 when there is nothing to roll back to', async () => {
    await expectProblem(await call(null, 'GET', '/api/panels/ghost/history'), 404);
    await expectProblem(await call('admin', 'POST', '/api/panels/ghost/rollback', {}), 404);
    await call('admin', 'PUT', '/api/panels/fresh', {
      entry: 'http://127.0.0.1:6103/mf-manifest.json',
      version: '1',
    });
    await expectProblem(await call('admin', 'POST', '/api/panels/fresh/rollback', {}), 409);
  });
});
