import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigEvent,
  ConfigReloadResponse,
  ConfigView,
  FleetSummary,
  ServiceChanges,
  ServiceList,
  StatusEvent,
} from '@aether/contract';
import { redactedConfigOf } from '../config/reload/index.js';
import { expectJson, expectProblem } from '../testing/problem-assertions.js';
import { startSwitchableTarget, type SwitchableTarget } from '../testing/gateway-under-test.js';
import { startGateway, type RunningGateway, type StartOptions } from './start-gateway.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ADMIN = 'live-config-admin-token';
const VIEWER = 'live-config-viewer-token';
const SECRET = 'env-secret-value-7f3a';

let target: SwitchableTarget;
const dirs: string[] = [];
let gateway: RunningGateway | undefined;

beforeAll(async () => {
  target = await startSwitchableTarget();
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});
afterAll(async () => {
  await target?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A config with these services (each one http check on the target at a 1 h interval: only the first run matters). */
function configText(services: string[], extra: string[] = []): string {
  return [
    'auth:',
    '  anonymous: none',
    '  tokens:',
    `    - { name: admin, role: admin, sha256: "${sha256(ADMIN)}" }`,
    `    - { name: viewer, role: viewer, sha256: "${sha256(VIEWER)}" }`,
    'panels: []',
    'services:',
    ...services.flatMap((id) => [
      `  - id: ${id}`,
      `    name: ${id} service`,
      `    baseUrl: ${target.url}`,
      '    checks:',
      '      - { id: health, type: http, path: /health, interval: 1h }',
      '    operations:',
      '      - id: flush',
      '        title: Flush',
      '        path: /flush',
      '        headers: { authorization: "Bearer ${ORDERS_ADMIN_TOKEN}", x-static: "literal-secret" }',
    ]),
    ...extra,
    '',
  ].join('\n');
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aether-live-config-'));
  dirs.push(dir);
  return dir;
}

async function start(
  configPath: string,
  liveConfig?: StartOptions['liveConfig'],
): Promise<RunningGateway> {
  gateway = await startGateway({
    configPath,
    port: 0,
    dbPath: ':memory:',
    env: { ORDERS_ADMIN_TOKEN: SECRET },
    logger: pino({ level: 'silent' }),
    ...(liveConfig ? { liveConfig } : {}),
  });
  return gateway;
}

/** Resolves with the next event of this type on the gateway's bus that `match` accepts. */
function nextEvent<T>(
  gw: RunningGateway,
  type: string,
  parse: (data: unknown) => T,
  match: (data: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const off = gw.deps.events.subscribe((event) => {
      if (event.type !== type) return;
      const data = parse(event.data);
      if (!match(data)) return;
      off();
      resolve(data);
    });
  });
}

const call = (gw: RunningGateway, token: string, method: string, path: string) =>
  fetch(`${gw.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

const upOf = (gw: RunningGateway, id: string) =>
  nextEvent(gw, 'status', StatusEvent.parse, (e) => e.serviceId === id && e.status === 'up');

describe('live config', () => {
  it('applies a reload: unchanged keeps since, added is probed, removed leaves list and summary, SSE config', async () => {
    const dir = tempDir();
    const path = join(dir, 'aether.config.yaml');
    writeFileSync(path, configText(['orders', 'billing']));
    const gw = await start(path);
    const ordersUp = upOf(gw, 'orders');
    await Promise.all([ordersUp, upOf(gw, 'billing')]); // first probes within a second of start
    const listed = await call(gw, VIEWER, 'GET', '/api/services');
    const revision = listed.headers.get('x-aether-revision')!;
    const before = ServiceList.parse(await listed.json());
    const ordersSince = before.find((s) => s.id === 'orders')!.since;
    expect(ordersSince).not.toBeNull();

    writeFileSync(path, configText(['orders', 'search']));
    const announced = nextEvent(gw, 'config', ConfigEvent.parse);
    const searchUp = upOf(gw, 'search');
    const reload = await expectJson(
      await call(gw, ADMIN, 'POST', '/api/config/reload'),
      ConfigReloadResponse,
    );
    expect(reload).toMatchObject({
      applied: true,
      sha256: sha256(configText(['orders', 'search'])),
      changes: {
        added: ['search'],
        removed: ['billing'],
        changed: [],
        checks: { added: 1, removed: 1, replaced: 0, kept: 1 },
      },
    });
    expect((await announced).sha256).toBe(reload.sha256);
    await searchUp;

    const after = ServiceList.parse(await (await call(gw, VIEWER, 'GET', '/api/services')).json());
    expect(after.map((s) => s.id)).toEqual(['orders', 'search']);
    expect(after.find((s) => s.id === 'orders')!.since).toBe(ordersSince);
    const summary = FleetSummary.parse(
      await (await call(gw, VIEWER, 'GET', '/api/summary')).json(),
    );
    expect(summary.counts.up).toBe(2);
    expect(summary.groups.reduce((n, g) => n + g.counts.up + g.counts.unknown, 0)).toBe(2);
    expect((await call(gw, VIEWER, 'GET', '/api/services/billing')).status).toBe(404);
    // a watcher's changes feed says what came and went
    const changes = ServiceChanges.parse(
      await (await call(gw, VIEWER, 'GET', `/api/services/changes?since=${revision}`)).json(),
    );
    expect(changes.removed).toEqual(['billing']);
    expect(changes.changed.map((s) => s.id)).toContain('search');
    // operations follow the reload: the added service's are there, the removed one's are gone
    const operations = await call(gw, VIEWER, 'GET', '/api/services/search/operations');
    expect(operations.status).toBe(200);
    expect(((await operations.json()) as { id: string }[]).map((o) => o.id)).toEqual(['flush']);
    expect((await call(gw, VIEWER, 'GET', '/api/services/billing/operations')).status).toBe(404);

    // the same bytes again: nothing to apply
    const again = await expectJson(
      await call(gw, ADMIN, 'POST', '/api/config/reload'),
      ConfigReloadResponse,
    );
    expect(again.applied).toBe(false);
  });

  it('refuses a bad config with file:line:col (422) and keeps serving the running one', async () => {
    const dir = tempDir();
    const path = join(dir, 'aether.config.yaml');
    const good = configText(['orders']);
    writeFileSync(path, good);
    const gw = await start(path);
    writeFileSync(path, good.replace('interval: 1h', 'interval: soon'));
    const problem = await expectProblem(await call(gw, ADMIN, 'POST', '/api/config/reload'), 422);
    expect(problem.type).toBe('urn:aether:problem:invalid-config');
    expect(problem.detail).toContain(`${path}:12:60: services[0].checks[0].interval`);
    expect(JSON.stringify(problem)).toMatch(/interval/);

    const list = ServiceList.parse(await (await call(gw, VIEWER, 'GET', '/api/services')).json());
    expect(list.map((s) => s.id)).toEqual(['orders']);
    const view = await expectJson(await call(gw, ADMIN, 'GET', '/api/config'), ConfigView);
    expect(view.sha256).toBe(sha256(good));
  });

  it('shows the running config to an admin with secrets and ${VAR} values redacted', async () => {
    const dir = tempDir();
    const path = join(dir, 'aether.config.yaml');
    const text = configText(
      ['orders'],
      [
        'storage:',
        '  retention: { raw: "${RAW_RETENTION:-2h}" }',
        'alerting:',
        '  channels:',
        '    - id: hook',
        '      type: webhook',
        '      url: "http://user:pw-in-url@127.0.0.1:9200/hook?key=q-secret"',
        '      secret: "literal-hook-secret"',
      ],
    );
    writeFileSync(path, text);
    const gw = await start(path);
    const view = await expectJson(await call(gw, ADMIN, 'GET', '/api/config'), ConfigView);
    expect(view.sha256).toBe(sha256(text));
    expect(view.path).toBe(path);
    const shown = JSON.stringify(view.config);
    for (const secret of [
      SECRET,
      sha256(ADMIN),
      'literal-secret',
      'pw-in-url',
      'q-secret',
      'literal-hook-secret',
      '2h',
    ])
      expect(shown).not.toContain(secret);
    expect(shown).toContain('Bearer ${ORDERS_ADMIN_TOKEN}');
    expect(shown).toContain('${RAW_RETENTION:-[REDACTED]}');
    expect((await call(gw, VIEWER, 'GET', '/api/config')).status).toBe(403);
    expect((await call(gw, VIEWER, 'POST', '/api/config/reload')).status).toBe(403);
  });

  it('shows the file it runs on as written, gzipped or not: after a reload, and after a refused one', async () => {
    const dir = tempDir();
    const path = join(dir, 'aether.config.yaml');
    const first = configText(['orders']);
    writeFileSync(path, first);
    const gw = await start(path);
    const shown = async (encoding: string) => {
      const response = await fetch(`${gw.url}/api/config`, {
        headers: { authorization: `Bearer ${ADMIN}`, 'accept-encoding': encoding },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return {
        encoding: response.headers.get('content-encoding'),
        view: ConfigView.parse(await response.json()),
      };
    };
    const zipped = await shown('gzip');
    const plain = await shown('identity');
    expect([zipped.encoding, plain.encoding]).toEqual(['gzip', null]);
    expect(plain.view).toEqual(zipped.view);
    expect(plain.view).toMatchObject({ path, sha256: sha256(first) });
    expect(plain.view.config).toEqual(redactedConfigOf(first));
    const operation = { title: 'Flush', path: '/flush' };
    expect(plain.view.config).toMatchObject({
      services: [
        { id: 'orders', operations: [{ ...operation, headers: { 'x-static': '[REDACTED]' } }] },
      ],
    });

    const second = configText(['orders', 'search']);
    writeFileSync(path, second);
    expect((await call(gw, ADMIN, 'POST', '/api/config/reload')).status).toBe(200);
    writeFileSync(path, second.replace('interval: 1h', 'interval: soon'));
    await expectProblem(await call(gw, ADMIN, 'POST', '/api/config/reload'), 422);
    for (const encoding of ['gzip', 'identity']) {
      const { view } = await shown(encoding);
      expect(view.sha256).toBe(sha256(second));
      expect(view.config).toEqual(redactedConfigOf(second));
      expect(JSON.stringify(view.config)).not.toContain('literal-secret');
    }
  });

  it('applies token changes at once: a removed token is refused on the next request', async () => {
    const dir = tempDir();
    const path = join(dir, 'aether.config.yaml');
    const text = configText(['orders']);
    writeFileSync(path, text);
    const gw = await start(path);
    expect((await call(gw, VIEWER, 'GET', '/api/services')).status).toBe(200);
    writeFileSync(path, text.replace(/^.*name: viewer.*\n/m, ''));
    const reload = await expectJson(
      await call(gw, ADMIN, 'POST', '/api/config/reload'),
      ConfigReloadResponse,
    );
    expect(reload.changes).toMatchObject({ sections: ['auth'], needsRestart: [] });
    expect((await call(gw, VIEWER, 'GET', '/api/services')).status).toBe(401);
  });

  it.each([
    ['a write in place', (path: string, text: string) => writeFileSync(path, text)],
    [
      'an editor writing a new file and renaming it over the old one',
      (path: string, text: string) => {
        writeFileSync(`${path}.tmp~`, text);
        renameSync(`${path}.tmp~`, path);
      },
    ],
  ])('re-reads the file on %s (debounced)', async (_, change) => {
    const dir = tempDir();
    const path = join(dir, 'aether.config.yaml');
    writeFileSync(path, configText(['orders']));
    const gw = await start(path, { watch: true, debounceMs: 50 });
    const announced = nextEvent(gw, 'config', ConfigEvent.parse);
    change(path, configText(['orders', 'search']));
    expect((await announced).changes.added).toEqual(['search']);
    // a second save after the rename: the watch still sees the directory
    const again = nextEvent(gw, 'config', ConfigEvent.parse);
    change(path, configText(['search']));
    expect((await again).changes.removed).toEqual(['orders']);
  });

  it('re-reads the file when a Kubernetes ConfigMap swaps its ..data symlink', async () => {
    const dir = tempDir();
    // the kubelet's layout: name -> ..data/name, ..data -> ..<timestamp>/
    mkdirSync(join(dir, '..v1'));
    writeFileSync(join(dir, '..v1', 'aether.config.yaml'), configText(['orders']));
    symlinkSync('..v1', join(dir, '..data'));
    symlinkSync(join('..data', 'aether.config.yaml'), join(dir, 'aether.config.yaml'));
    const gw = await start(join(dir, 'aether.config.yaml'), { watch: true, debounceMs: 50 });
    const announced = nextEvent(gw, 'config', ConfigEvent.parse);
    mkdirSync(join(dir, '..v2'));
    writeFileSync(join(dir, '..v2', 'aether.config.yaml'), configText(['orders', 'search']));
    symlinkSync('..v2', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    expect((await announced).changes.added).toEqual(['search']);
  });

  it('re-reads the file on SIGHUP', async () => {
    const dir = tempDir();
    const path = join(dir, 'aether.config.yaml');
    writeFileSync(path, configText(['orders']));
    const gw = await start(path, { sighup: true });
    const announced = nextEvent(gw, 'config', ConfigEvent.parse);
    writeFileSync(path, configText(['orders', 'search']));
    process.kill(process.pid, 'SIGHUP');
    expect((await announced).changes.added).toEqual(['search']);
  });
});
