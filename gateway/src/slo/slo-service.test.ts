import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@aether/contract';
import type { ServiceObservation } from '../alerting/dispatcher-inputs.js';
import { AetherConfig } from '../config/schema.js';
import { EventBus } from '../events/bus.js';
import { MemoryResultStore } from '../store/memory-store.js';
import { result } from '../store/store.suite.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createSloService, SLO_REFRESH_MS } from './slo-service.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const config = AetherConfig.parse({
  services: [
    {
      id: 'orders',
      name: 'Orders',
      tags: ['prod'],
      slo: { objective: 99.9, window: '30d' },
      checks: [{ id: 'health', type: 'http', url: 'http://127.0.0.1:1/health' }],
    },
    { id: 'other', name: 'Other' },
  ],
});

async function setup(options: { maintenanceAt?: (s: { id: string }, ts: number) => boolean } = {}) {
  const clock = new FakeClock(T0);
  const store = new MemoryResultStore({ clock, flushIntervalMs: 3_600_000 });
  // a quiet day before the start: the service seeds from its rollups
  for (let t = -24 * 60 * MIN; t < 0; t += MIN)
    store.recordResult(result('orders', 'health', T0 + t));
  await store.flush();
  const events = new EventBus();
  const observed: ServiceObservation[] = [];
  const slos = createSloService({
    config,
    store,
    events,
    clock,
    observe: (o) => observed.push(o),
    ...options,
  });
  await slos.seeded;
  const publish = (r: CheckResult) => events.publish('result', r);
  return { clock, slos, observed, publish };
}

describe('SLO service', () => {
  it('seeds from the rollups, then counts result events', async () => {
    const { slos, publish } = await setup();
    publish(result('orders', 'health', T0 + 1000, { ok: false }));
    expect(await slos.list()).toMatchObject([{ serviceId: 'orders', good: 1440, total: 1441 }]);
  });

  it('pages through observe when the budget burns fast, and resolves when it stops', async () => {
    const { clock, observed, publish } = await setup();
    for (let i = 0; i < 10; i++)
      publish(result('orders', 'health', clock.now() + i * 1000, { ok: false }));
    await clock.advance(SLO_REFRESH_MS);
    // 10 bad of 1,450 in a day: the ticket rule (3× over 1d and 2h) fires along with the page
    expect(observed.map((o) => [o.status, o.severity])).toEqual([
      ['down', 'page'],
      ['down', 'ticket'],
    ]);
    expect(observed[0]).toMatchObject({ service: { id: 'orders', tags: ['prod'] } });
    // an hour and more of good results: the 5m window is clean and the page resolves
    for (let m = 0; m < 70; m++) {
      publish(result('orders', 'health', clock.now()));
      await clock.advance(MIN);
    }
    expect(observed.filter((o) => o.severity === 'page').map((o) => o.status)).toEqual([
      'down',
      'up',
    ]);
  });

  it('leaves results in a maintenance window out', async () => {
    const { slos, publish } = await setup({
      maintenanceAt: (s, ts) => s.id === 'orders' && ts >= T0,
    });
    publish(result('orders', 'health', T0 + 1000, { ok: false }));
    expect((await slos.list())[0]).toMatchObject({ good: 1440, total: 1440 });
  });
});

describe('SLO service on a config reload', () => {
  it('adds and drops SLOs with the services’ slo fields', async () => {
    const { slos } = await setup();
    const next = AetherConfig.parse({
      services: [
        { id: 'orders', name: 'Orders' },
        { id: 'other', name: 'Other', slo: { objective: 99, window: '1d' } },
      ],
    });
    slos.reconfigure(next);
    expect((await slos.list()).map((s) => [s.serviceId, s.window])).toEqual([['other', '1d']]);
    expect(await slos.budget('orders')).toBeUndefined();
  });
});

describe('SLO service, the first reports after a start or a reload', () => {
  const many = (n: number, window: string) =>
    AetherConfig.parse({
      services: Array.from({ length: n }, (_, i) => ({
        id: `s${i}`,
        name: `S ${i}`,
        slo: { objective: 99, window },
      })),
    });

  /** Resolves with the reports and whether another turn of the event loop ran while they were built. */
  async function readInterleaved(
    read: () => unknown,
  ): Promise<{ value: unknown; turned: boolean }> {
    let turned = false;
    setImmediate(() => (turned = true));
    const value = await read();
    return { value, turned };
  }

  it('are built a slice per turn of the event loop, not all in one, and answer the same', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryResultStore({ clock, flushIntervalMs: 3_600_000 });
    const events = new EventBus();
    const slos = createSloService({ config: many(600, '1d'), store, events, clock });
    await slos.seeded;
    events.publish('result', result('s0', 'health', T0 + 1000, { ok: false }));
    events.publish('result', result('s599', 'health', T0 + 1000));

    const first = await readInterleaved(() => slos.reports());
    expect(first.turned).toBe(true);
    const reports = first.value as Awaited<ReturnType<typeof slos.reports>>;
    expect(reports).toHaveLength(600);
    expect(reports[0]).toMatchObject({ serviceId: 's0', good: 0, total: 1 });
    expect(reports[599]).toMatchObject({ serviceId: 's599', good: 1, total: 1 });
    expect(reports[1]).toMatchObject({ serviceId: 's1', good: 0, total: 0, sli: null });
    // built once: later reads get the same until the next refresh
    expect(await slos.reports()).toBe(reports);

    // a reload drops the reports: the next read builds them again, a slice per turn too
    slos.reconfigure(many(600, '7d'));
    const again = await readInterleaved(() => slos.list());
    expect(again.turned).toBe(true);
    const listed = again.value as Awaited<ReturnType<typeof slos.list>>;
    expect(listed).toHaveLength(600);
    expect(listed[0]).toMatchObject({ serviceId: 's0', window: '7d', good: 0, total: 1 });
    slos.close();
  });
});
