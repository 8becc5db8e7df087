import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PanelsEvent } from '@aether/contract';
import { openSqliteStores } from '../store/index.js';
import { EventBus } from '../events/bus.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createPanelRegistry } from './registry.js';
import { shellCspFor } from './csp.js';

const CONFIG = {
  panels: [
    {
      id: 'health',
      title: 'Health',
      entry: 'http://localhost:5174/mf-manifest.json',
      module: './Panel',
      version: 'config',
    },
    {
      id: 'interaction',
      title: 'Operate',
      entry: 'http://localhost:5175/mf-manifest.json',
      module: './Panel',
      version: 'config',
    },
  ],
  // the test's run-time registrations are served by 127.0.0.1 on several ports (plain http on loopback)
  registry: { allowedOrigins: ['http://127.0.0.1:*'], requireIntegrity: false },
};

let dir: string;
let dbPath: string;
const opened: Array<{ close(): Promise<void> }> = [];

async function open(config = CONFIG) {
  const stores = openSqliteStores({ path: dbPath });
  opened.push(stores);
  const events = new EventBus();
  const clock = new FakeClock('2026-11-27T10:00:00Z');
  const seen: PanelsEvent[] = [];
  events.subscribe((e) => e.type === 'panels' && seen.push(e.data as PanelsEvent));
  const registry = await createPanelRegistry({ config, log: stores.panelLog, events, clock });
  return { registry, seen, clock, stores };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-panels-'));
  dbPath = join(dir, 'aether.db');
});
afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const v2 = { entry: 'http://127.0.0.1:6001/health/2/mf-manifest.json', version: '2.0.0' };
const v3 = {
  entry: 'http://127.0.0.1:6001/health/3/mf-manifest.json',
  version: '3.0.0',
  integrity: 'sha384-phMeIQU+b76qkFgSfeZqqCrvdHbcUm7+3ItgrSFBNP2M4PJZu/UZ0t711Jn1k9z5',
};

describe('panel registry', () => {
  it('starts from the config', async () => {
    const { registry, seen } = await open();
    expect((await registry.list()).map((p) => [p.id, p.version])).toEqual([
      ['health', 'config'],
      ['interaction', 'config'],
    ]);
    expect(seen).toEqual([]);
  });

  it('registers a new version, records who and when, and announces the whole list', async () => {
    const { registry, seen } = await open();
    const panel = await registry.register('health', v2, 'ada');
    expect(panel).toEqual({ id: 'health', title: 'Health', module: './Panel', ...v2 });
    expect((await registry.get('health'))?.version).toBe('2.0.0');
    expect(seen.at(-1)?.panels.map((p) => p.version)).toEqual(['2.0.0', 'config']);
    expect((await registry.history('health'))[0]).toEqual({
      ...v2,
      module: './Panel',
      action: 'register',
      actor: 'ada',
      at: '2026-11-27T10:00:00.000Z',
      current: true,
    });
  });

  it('treats registering the live version again as a no-op', async () => {
    const { registry, seen } = await open();
    await registry.register('health', v2, 'ada');
    await registry.register('health', v2, 'ada');
    expect(seen).toHaveLength(1);
    expect(await registry.history('health')).toHaveLength(2);
  });

  it('accepts a panel the config does not know, titled by its id unless told', async () => {
    const { registry } = await open();
    await registry.register(
      'logs',
      { entry: 'http://127.0.0.1:6002/mf-manifest.json', version: '1' },
      'ada',
    );
    expect(await registry.get('logs')).toMatchObject({
      id: 'logs',
      title: 'logs',
      module: './Panel',
    });
  });

  it('refuses an entry that is not http(s)', async () => {
    const { registry } = await open();
    await expect(
      registry.register('health', { entry: 'ftp://x/mf-manifest.json', version: '2' }, 'ada'),
    ).rejects.toThrow(/http\(s\)/);
  });

  it('keeps history newest first and rolls back to the previous version by default', async () => {
    const { registry, seen, clock } = await open();
    await registry.register('health', v2, 'ada');
    await clock.advance(60_000);
    await registry.register('health', v3, 'ada');
    await clock.advance(60_000);
    const back = await registry.rollback('health', undefined, 'bob');
    expect(back).toMatchObject({ version: '2.0.0', entry: v2.entry });
    expect(back.integrity).toBeUndefined();
    expect((await registry.history('health')).map((h) => [h.action, h.version, h.current])).toEqual(
      [
        ['rollback', '2.0.0', true],
        ['register', '3.0.0', false],
        ['register', '2.0.0', false],
        ['config', 'config', false],
      ],
    );
    expect(seen.at(-1)?.panels[0]?.version).toBe('2.0.0');
  });

  it('rolls back to a named version, integrity included', async () => {
    const { registry } = await open();
    await registry.register('health', v3, 'ada');
    await registry.register('health', v2, 'ada');
    expect(await registry.rollback('health', '3.0.0', 'ada')).toMatchObject({
      version: '3.0.0',
      integrity: 'sha384-phMeIQU+b76qkFgSfeZqqCrvdHbcUm7+3ItgrSFBNP2M4PJZu/UZ0t711Jn1k9z5',
    });
    expect(await registry.rollback('health', 'config', 'ada')).toMatchObject({
      version: 'config',
      entry: CONFIG.panels[0]!.entry,
    });
  });

  it('refuses to roll back to nothing, or to a version the panel never had', async () => {
    const { registry } = await open();
    await expect(registry.rollback('health', undefined, 'ada')).rejects.toThrow(
      /no earlier version/,
    );
    await expect(registry.rollback('health', '9.9.9', 'ada')).rejects.toThrow(
      /never had version 9.9.9/,
    );
    await expect(registry.rollback('ghost', undefined, 'ada')).rejects.toThrow(/No panel ghost/);
  });

  it('switches a panel off and on again (kill switch), announcing each change once', async () => {
    const { registry, seen } = await open();
    expect(await registry.setDisabled('interaction', true, 'ada')).toMatchObject({
      id: 'interaction',
      disabled: true,
    });
    expect((await registry.setDisabled('interaction', true, 'ada')).disabled).toBe(true);
    expect(seen).toHaveLength(1);
    expect((await registry.list()).find((p) => p.id === 'interaction')?.disabled).toBe(true);
    expect(await registry.origins()).toEqual(['http://localhost:5174']);
    expect((await registry.setDisabled('interaction', false, 'ada')).disabled).toBeUndefined();
    expect((await registry.history('interaction')).map((h) => h.action)).toEqual([
      'enable',
      'disable',
      'config',
    ]);
  });

  it('a rollback keeps a disabled panel disabled, and a new registration enables it', async () => {
    const { registry } = await open();
    await registry.register('health', v2, 'ada');
    await registry.setDisabled('health', true, 'ada');
    expect(await registry.rollback('health', undefined, 'ada')).toMatchObject({
      version: 'config',
      disabled: true,
    });
    expect((await registry.register('health', v3, 'ada')).disabled).toBeUndefined();
  });
});

describe('persistence', () => {
  it('keeps registrations, history and the kill switch across a restart on the same SQLite file', async () => {
    const first = await open();
    await first.registry.register('health', v2, 'ada');
    await first.registry.setDisabled('interaction', true, 'ada');
    await first.stores.close();

    const second = await open();
    expect(await second.registry.get('health')).toMatchObject(v2);
    expect((await second.registry.get('interaction'))?.disabled).toBe(true);
    expect((await second.registry.history('health')).map((h) => h.action)).toEqual([
      'register',
      'config',
    ]);
  });

  it('lets an edited config win for that panel, and forgets panels the config dropped', async () => {
    const first = await open();
    await first.registry.register('health', v2, 'ada');
    await first.registry.register(
      'interaction',
      { entry: 'http://127.0.0.1:6003/mf-manifest.json', version: '5' },
      'ada',
    );
    await first.registry.register(
      'logs',
      { entry: 'http://127.0.0.1:6004/mf-manifest.json', version: '1' },
      'ada',
    );
    await first.stores.close();

    const edited = {
      panels: [
        {
          ...CONFIG.panels[0]!,
          entry: 'http://localhost:7000/mf-manifest.json',
          version: 'edited',
        },
      ],
      registry: CONFIG.registry,
    };
    const second = await open(edited);
    expect((await second.registry.list()).map((p) => [p.id, p.version])).toEqual([
      ['health', 'edited'],
      ['logs', '1'],
    ]);
  });
});

describe('shell CSP from the registry', () => {
  it('allows exactly the enabled panel origins, and follows registrations', async () => {
    const { registry } = await open();
    const scriptSrc = async () =>
      (await shellCspFor(registry, 'http://localhost:8080'))
        .split('; ')
        .find((d) => d.startsWith('script-src'));
    expect(await scriptSrc()).toBe("script-src 'self' http://localhost:5174 http://localhost:5175");
    await registry.register('health', v2, 'ada');
    expect(await scriptSrc()).toBe("script-src 'self' http://127.0.0.1:6001 http://localhost:5175");
    await registry.setDisabled('interaction', true, 'ada');
    expect(await scriptSrc()).toBe("script-src 'self' http://127.0.0.1:6001");
    expect(await shellCspFor(registry, 'http://localhost:8080')).toContain(
      "connect-src 'self' http://localhost:8080 http://127.0.0.1:6001",
    );
  });
});
