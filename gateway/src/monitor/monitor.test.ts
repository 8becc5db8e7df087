import { describe, expect, it } from 'vitest';
import {
  HistorySeries,
  Incident,
  ServiceDetail,
  ServiceList,
  type CheckResult,
} from '@aether/contract';
import { MemoryResultStore } from '../store/memory-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import { CountingStore, setup, T0 } from './monitor-harness.js';

describe('createMonitor', () => {
  it('lists every service as unknown before any result, per the contract', async () => {
    const { monitor } = await setup();
    const list = ServiceList.parse(monitor.listServices());
    expect(list.map((s) => [s.id, s.status, s.since, s.lastCheckedAt])).toEqual([
      ['orders', 'unknown', null, null],
      ['billing', 'unknown', null, null],
      ['empty', 'unknown', null, null],
    ]);
    expect(list[0]!.checks.map((c) => c.status)).toEqual(['unknown', 'unknown']);
    expect(ServiceDetail.parse(monitor.getService('orders')).checks.map((c) => c.target)).toEqual([
      'GET http://127.0.0.1:9101/health',
      'tcp 127.0.0.1:5432',
    ]);
    expect(monitor.getService('nope')).toBeUndefined();
  });

  it("gives every check's status for /metrics as the list shows it, in list order", async () => {
    const { clock, monitor, behaviour } = await setup();
    monitor.start();
    behaviour.set('orders/health', 'fail');
    await clock.advance(30_000);
    const fromList = monitor
      .listServices()
      .flatMap((s) =>
        s.checks.map((c) => ({ serviceId: s.id, checkId: c.id, type: c.type, status: c.status })),
      );
    expect(fromList.map((c) => c.status)).toContain('down');
    expect([...monitor.checkStatuses()]).toEqual(fromList);
  });

  it('goes up, down after failAfter failures, and up again; one incident with cause and duration; status events', async () => {
    const { clock, monitor, behaviour, statusOf, statusEvents, seen } = await setup();
    monitor.start();
    await clock.advance(30_000);
    expect(statusOf('orders')).toBe('up');

    behaviour.set('orders/health', 'fail');
    await clock.advance(10_000);
    expect(statusOf('orders')).toBe('up'); // one failure of failAfter 2
    await clock.advance(10_000);
    expect(statusOf('orders')).toBe('down');
    const [open] = await monitor.incidents('orders');
    expect(Incident.parse(open)).toMatchObject({
      checkId: 'health',
      status: 'down',
      endedAt: null,
      cause: '2 failures in a row: status: expected 200, got 503',
    });

    behaviour.set('orders/health', 'ok');
    await clock.advance(10_000);
    expect(statusOf('orders')).toBe('up');
    const [closed] = await monitor.incidents('orders');
    expect(Incident.parse(closed)).toMatchObject({ id: open!.id, durationMs: 10_000 });

    const orders = statusEvents().filter((e) => e.serviceId === 'orders');
    expect(orders.map((e) => [e.previous, e.status, e.checkId])).toEqual([
      ['unknown', 'up', 'db-port'], // up once both checks have a result
      ['up', 'down', 'health'],
      ['down', 'up', 'health'],
    ]);
    expect(orders[1]!.service.status).toBe('down');
    expect(seen.filter((e) => e.type === 'result').length).toBeGreaterThanOrEqual(8);
    await monitor.stop();
  });

  it('degrades on a latency budget miss, and a service takes its worst check', async () => {
    const { clock, monitor, behaviour, statusOf } = await setup();
    monitor.start();
    await clock.advance(30_000);
    behaviour.set('orders/health', 'slow');
    await clock.advance(10_000);
    const detail = ServiceDetail.parse(monitor.getService('orders'));
    expect(detail.status).toBe('degraded');
    expect(detail.checks.map((c) => [c.id, c.status])).toEqual([
      ['health', 'degraded'],
      ['db-port', 'up'],
    ]);
    expect((await monitor.incidents('orders'))[0]).toMatchObject({
      status: 'degraded',
      cause: 'maxLatency: expected ≤ 500ms, got 900ms',
    });
    behaviour.set('orders/db-port', 'fail'); // failAfter 1 for db-port
    await clock.advance(30_000);
    expect(statusOf('orders')).toBe('down');
    expect(statusOf('billing')).toBe('up');
    expect(statusOf('empty')).toBe('unknown');
    await monitor.stop();
  });

  it('verifies matching checks now, through the concurrency cap', async () => {
    const { clock, monitor, calls, maxInFlight, statusOf } = await setup({ concurrency: 1 });
    const pending = monitor.verify({ tags: ['prod'] });
    await clock.advance(1000);
    const results = await pending;
    expect(results.map((r) => `${r.serviceId}/${r.checkId}`).sort()).toEqual([
      'orders/db-port',
      'orders/health',
    ]);
    expect(calls.sort()).toEqual(['orders/db-port', 'orders/health']);
    expect(maxInFlight()).toBe(1);
    expect(statusOf('orders')).toBe('up');
    expect(statusOf('billing')).toBe('unknown');

    const everything = monitor.verify({});
    await clock.advance(1000);
    expect(await everything).toHaveLength(3);
    const byId = monitor.verify({ services: ['billing'], tags: [] });
    await clock.advance(1000);
    expect((await byId).map((r) => r.serviceId)).toEqual(['billing']);
  });

  it('reports a probe that overruns its timeout as a timeout, even one that ignores its signal', async () => {
    const { clock, monitor, behaviour } = await setup();
    behaviour.set('billing/health', 'hang');
    behaviour.set('orders/health', 'hang-ignoring-signal');
    const pending = monitor.verify({ services: ['billing', 'orders'] });
    await clock.advance(10_000);
    const results = await pending;
    const billing = results.find((r) => r.serviceId === 'billing')!;
    expect(billing).toMatchObject({
      success: false,
      status: 'down',
      errors: [{ kind: 'timeout' }],
    });
    const orders = results.find((r) => r.checkId === 'health' && r.serviceId === 'orders')!;
    expect(orders).toMatchObject({ success: false, errors: [{ kind: 'timeout' }] });
    expect(monitor.getService('billing')!.status).toBe('down');
  });

  it('fills history with points and uptime, and the uptime columns from the store', async () => {
    const { clock, monitor, behaviour } = await setup();
    monitor.start();
    await clock.advance(60_000); // orders/health: 6 ok
    behaviour.set('orders/health', 'fail');
    await clock.advance(20_000); // 2 failures
    const history = HistorySeries.parse(
      await monitor.history('orders', {
        checkId: 'health',
        fromMs: T0,
        toMs: T0 + 2 * 60_000,
        stepMs: 60_000,
      }),
    );
    expect(history.points.map((p) => p.count)).toEqual([6, 2]);
    expect(history.points[1]).toMatchObject({ failures: 2, status: 'down' });
    expect(history.uptime).toBeCloseTo(6 / 8);
    monitor.listServices(); // the uptime columns are stale: this starts their refresh
    await clock.advance(0);
    const summary = monitor.listServices().find((s) => s.id === 'orders')!;
    expect(summary.uptime.h1).not.toBeNull();
    expect(summary.uptime.h1).toBeLessThan(1);
    expect(summary.lastCheckedAt).not.toBeNull();
    // a huge range at a tiny step is answered with a bounded number of points
    const wide = await monitor.history('orders', {
      fromMs: T0 - 365 * 24 * 3_600_000,
      toMs: T0,
      stepMs: 1000,
    });
    expect(wide.points.length).toBeLessThanOrEqual(1001); // the API's limit: one rule (history-step)
    await monitor.stop();
  });

  it('resumes after a restart: statuses, counters and the open incident', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryResultStore({ clock });
    const first = await setup({ clock, store });
    first.behaviour.set('billing/health', 'fail');
    first.monitor.start();
    await clock.advance(30_000);
    await first.monitor.stop();
    expect(first.statusOf('billing')).toBe('down');

    const second = await setup({ clock, store });
    expect(second.statusOf('billing')).toBe('down');
    expect(
      second.monitor.getService('billing')!.checks[0]!.consecutiveFailures,
    ).toBeGreaterThanOrEqual(2);
    expect((await second.monitor.incidents('billing'))[0]!.endedAt).toBeNull();
    second.monitor.start();
    await clock.advance(10_000);
    expect(second.statusOf('billing')).toBe('up');
    expect(await second.monitor.incidents('billing')).toHaveLength(1);
    expect((await second.monitor.incidents('billing'))[0]!.endedAt).not.toBeNull();
    await second.monitor.stop();
  });

  it('stops: no more probes, an in-flight probe is cancelled and not held against the target', async () => {
    const { clock, monitor, behaviour, calls, seen } = await setup();
    behaviour.set('orders/db-port', 'hang'); // 5 s timeout: still in flight when we stop
    monitor.start();
    while (!calls.includes('orders/db-port')) await clock.advance(500);
    const stopping = monitor.stop();
    await clock.advance(2000); // 1 s grace, then abort
    await stopping;
    expect(monitor.running).toBe(false);
    const after = calls.length;
    await clock.advance(60_000);
    expect(calls.length).toBe(after);
    expect(monitor.getService('orders')!.checks.find((c) => c.id === 'db-port')!.status).toBe(
      'unknown',
    );
    expect(
      seen.some((e) => e.type === 'result' && (e.data as CheckResult).checkId === 'db-port'),
    ).toBe(false);
  });

  it('prunes on a timer while running', async () => {
    const clock = new FakeClock(T0);
    const store = new CountingStore({ clock });
    const { monitor } = await setup({ clock, store });
    monitor.start();
    await clock.advance(25 * 60_000);
    expect(store.prunes).toBe(25);
    await monitor.stop();
    await clock.advance(60 * 60_000);
    expect(store.prunes).toBe(25);
  });
});
