import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { MemoryResultStore } from '../store/memory-store.js';
import { SqliteResultStore } from '../store/sqlite-store.js';
import type { ResultStore } from '../store/types.js';
import { FakeClock } from '../testing/fake-clock.js';
import { gapAfterMs } from './restore-state.js';
import { setup, T0 } from './monitor-harness.js';

const MIN = 60_000;

/**
 * PRODUCT.md "Gaps are data": a gateway stopped for 82 minutes (Cart and Payments of issue 18,
 * here orders up and billing down) must not report that time as up or down.
 */
const STORES: [string, (clock: FakeClock) => ResultStore][] = [
  ['memory', (clock) => new MemoryResultStore({ clock })],
  ['SQLite', (clock) => new SqliteResultStore(openDatabase(':memory:'), { clock })],
];

describe.each(STORES)('a gateway stopped for 82 minutes (%s store)', (_name, makeStore) => {
  async function stoppedAndRestarted() {
    const clock = new FakeClock(T0);
    const store = makeStore(clock);
    const first = await setup({ clock, store });
    first.behaviour.set('billing/health', 'fail');
    first.monitor.start();
    await clock.advance(5 * MIN);
    await first.monitor.stop();
    expect(first.statusOf('billing')).toBe('down');
    expect(first.statusOf('orders')).toBe('up');
    const stoppedAt = clock.now();
    await clock.advance(82 * MIN);
    const second = await setup({ clock, store });
    return { clock, store, first, second, stoppedAt, restartedAt: clock.now() };
  }

  it('starts unknown, not with the state from before the gap stretched over it', async () => {
    const { second } = await stoppedAndRestarted();
    expect(second.statusOf('orders')).toBe('unknown');
    expect(second.statusOf('billing')).toBe('unknown');
    expect(second.monitor.getService('orders')!.since).toBeNull();
    // what it last saw is still shown, as what it was
    expect(second.monitor.getService('orders')!.checks[0]!.lastResult).not.toBeNull();
    await second.monitor.stop();
  });

  it('sets since from results after the gap: never "up for 1 h 22 min"', async () => {
    const { clock, second, restartedAt } = await stoppedAndRestarted();
    second.behaviour.set('billing/health', 'fail');
    second.monitor.start();
    await clock.advance(1 * MIN);
    const orders = second.monitor.getService('orders')!;
    expect(orders.status).toBe('up');
    expect(Date.parse(orders.since!)).toBeGreaterThanOrEqual(restartedAt);
    const billing = second.monitor.getService('billing')!;
    expect(billing.status).toBe('down');
    expect(Date.parse(billing.since!)).toBeGreaterThanOrEqual(restartedAt);
    await second.monitor.stop();
  });

  it('ends the open incident where the check was last seen, and opens a new one after the gap', async () => {
    const { clock, second, stoppedAt, restartedAt } = await stoppedAndRestarted();
    const [before] = await second.monitor.incidents('billing');
    // closed at its last result (the stop), not 82 minutes later: "Down 1 h 21 min" was the gap
    expect(Date.parse(before!.endedAt!)).toBeLessThanOrEqual(stoppedAt);
    expect(before!.durationMs!).toBeLessThan(5 * MIN);

    second.behaviour.set('billing/health', 'fail');
    second.monitor.start();
    await clock.advance(1 * MIN);
    const [after] = await second.monitor.incidents('billing');
    expect(after!.id).not.toBe(before!.id);
    expect(after!.endedAt).toBeNull();
    expect(Date.parse(after!.startedAt)).toBeGreaterThanOrEqual(restartedAt);
    await second.monitor.stop();
  });

  it('reports the gap as unknown in history, and uptime counts only what was probed', async () => {
    const { clock, second, stoppedAt } = await stoppedAndRestarted();
    second.monitor.start();
    await clock.advance(5 * MIN);
    const series = await second.monitor.history('orders', {
      checkId: 'health',
      fromMs: T0,
      toMs: clock.now(),
      stepMs: MIN,
    });
    const inGap = series.points.filter(
      (p) => Date.parse(p.t) >= stoppedAt + MIN && Date.parse(p.t) < stoppedAt + 81 * MIN,
    );
    expect(inGap.length).toBeGreaterThanOrEqual(79);
    expect(inGap.every((p) => p.status === 'unknown' && p.count === 0)).toBe(true);
    expect(series.points.filter((p) => p.status === 'up').length).toBeGreaterThanOrEqual(9);
    expect(series.uptime).toBe(1); // nothing failed while it was probed; the gap is not counted
    await second.monitor.stop();
  });

  it('a short restart is no gap: status and since carry on', async () => {
    const clock = new FakeClock(T0);
    const store = makeStore(clock);
    const first = await setup({ clock, store });
    first.monitor.start();
    await clock.advance(5 * MIN);
    await first.monitor.stop();
    const since = first.monitor.getService('orders')!.checks[0]!.since;
    await clock.advance(gapAfterMs({ interval: 10_000, timeout: 2000 }) - 20_000);
    const second = await setup({ clock, store });
    expect(second.statusOf('orders')).toBe('up');
    expect(second.monitor.getService('orders')!.checks[0]!.since).toBe(since);
    expect(Date.parse(second.monitor.getService('orders')!.since!)).toBeLessThan(T0 + MIN);
    await second.monitor.stop();
  });
});
