import { describe, expect, it } from 'vitest';
import { ServiceList } from '@aether/contract';
import { AetherConfig } from '../config/schema.js';
import { config, setup } from './monitor-harness.js';

/** A copy of the harness config to edit per case (parsed: durations in ms). */
const raw = (): AetherConfig => structuredClone(config);
const parse = (next: AetherConfig) => next;
const serviceOf = (data: unknown) => AetherConfig.parse({ services: [data] }).services[0]!;

describe('monitor.reconfigure', () => {
  it('keeps an unchanged check: same state, since, slot and open incident; name changes show', async () => {
    const { clock, monitor, behaviour, statusOf } = await setup();
    monitor.start();
    behaviour.set('billing/health', 'fail');
    await clock.advance(30_000);
    const before = ServiceList.parse(monitor.listServices());
    const orders = before.find((s) => s.id === 'orders')!;
    expect(orders.status).toBe('up');
    expect(statusOf('billing')).toBe('down');
    const planned: number[] = [];
    monitor.onRun((run) => {
      if (run.serviceId === 'orders' && run.checkId === 'health') planned.push(run.plannedAt);
    });
    await clock.advance(10_000);
    const lastSlot = planned.at(-1)!;

    const next = raw();
    next.services[0]!.name = 'Orders (renamed)';
    const changes = await monitor.reconfigure(parse(next));
    expect(changes).toMatchObject({ added: [], removed: [], changed: ['orders'] });
    expect(changes.checks).toEqual({ added: 0, removed: 0, replaced: 0, kept: 3 });

    const after = ServiceList.parse(monitor.listServices());
    const renamed = after.find((s) => s.id === 'orders')!;
    expect(renamed.name).toBe('Orders (renamed)');
    expect([renamed.status, renamed.since]).toEqual([orders.status, orders.since]);
    expect(statusOf('billing')).toBe('down');
    // the same job: its next runs are on its old grid, one per interval
    planned.length = 0;
    await clock.advance(20_000);
    expect(planned).toEqual([lastSlot + 10_000, lastSlot + 20_000]);
    expect(await monitor.incidents('billing')).toHaveLength(1);
  });

  it('replaces a changed check, starts an added service within a second, drops a removed one', async () => {
    const { clock, monitor, calls, store } = await setup();
    monitor.start();
    await clock.advance(30_000);

    const next = raw();
    const orders = next.services[0]!;
    orders.checks[0] = { ...orders.checks[0]!, path: '/healthz' } as (typeof orders.checks)[0];
    next.services = next.services.filter((s) => s.id !== 'billing');
    next.services.push(
      serviceOf({
        id: 'search',
        name: 'Search',
        baseUrl: 'http://127.0.0.1:9103',
        checks: [{ id: 'health', type: 'http', interval: '1m' }],
      }),
    );
    const changes = await monitor.reconfigure(parse(next));
    expect(changes).toMatchObject({
      added: ['search'],
      removed: ['billing'],
      changed: ['orders'],
      checks: { added: 1, removed: 1, replaced: 1, kept: 1 },
    });
    const list = ServiceList.parse(monitor.listServices());
    expect(list.map((s) => s.id)).toEqual(['orders', 'empty', 'search']);
    expect(list.find((s) => s.id === 'search')!.status).toBe('unknown');
    // the replaced check starts over: unknown until its new probe answers
    expect(list[0]!.checks.map((c) => [c.id, c.status])).toEqual([
      ['health', 'unknown'],
      ['db-port', 'up'],
    ]);
    expect(monitor.getService('billing')).toBeUndefined();

    const from = calls.length;
    await clock.advance(1100);
    expect(calls.slice(from)).toEqual(expect.arrayContaining(['search/health', 'orders/health']));
    expect(monitor.listServices().find((s) => s.id === 'search')!.status).toBe('up');
    await clock.advance(60_000);
    expect(calls.slice(from)).not.toContain('billing/health');
    expect(monitor.stats().checks).toBe(3);
    // history of the removed service stays until retention
    await store.flush();
    const history = await monitor.history('billing', {
      fromMs: clock.now() - 3_600_000,
      toMs: clock.now(),
      stepMs: 60_000,
    });
    expect(history.points.reduce((n, p) => n + p.count, 0)).toBeGreaterThan(0);
  });

  it('closes the open incident of a removed check', async () => {
    const { clock, monitor, behaviour } = await setup();
    monitor.start();
    behaviour.set('billing/health', 'fail');
    await clock.advance(30_000);
    expect((await monitor.incidents('billing'))[0]!.endedAt).toBeNull();
    const next = raw();
    next.services = next.services.filter((s) => s.id !== 'billing');
    await monitor.reconfigure(parse(next));
    expect((await monitor.incidents('billing'))[0]!.endedAt).not.toBeNull();
  });

  it('follows dependsOn as reloaded: root cause through a new edge, none through a removed service', async () => {
    const { clock, monitor, behaviour, statusOf } = await setup();
    monitor.start();
    await clock.advance(30_000);
    const next = raw();
    next.services[0]!.dependsOn = ['billing'];
    await monitor.reconfigure(parse(next));
    behaviour.set('orders/health', 'fail');
    behaviour.set('billing/health', 'fail');
    await clock.advance(30_000);
    const orders = () => monitor.listServices().find((s) => s.id === 'orders');
    expect(orders()!.status).toBe('down');
    expect(orders()!.rootCause?.serviceId).toBe('billing');

    const without = structuredClone(next);
    without.services = without.services.filter((s) => s.id !== 'orders');
    await monitor.reconfigure(parse(without));
    behaviour.set('billing/health', 'ok');
    await clock.advance(10_000); // billing's recovery walks its dependents: orders is gone
    expect(statusOf('billing')).toBe('up');
    expect(orders()).toBeUndefined();
  });
});
