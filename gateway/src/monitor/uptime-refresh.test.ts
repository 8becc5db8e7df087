import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@aether/contract';
import { MemoryResultStore } from '../store/memory-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import { setup, T0 } from './monitor-harness.js';

const result = (serviceId: string, checkId: string, at: number, success: boolean): CheckResult => ({
  serviceId,
  checkId,
  type: 'http',
  timestamp: new Date(at).toISOString(),
  success,
  status: success ? 'up' : 'down',
  durationMs: 5,
  conditions: [],
  errors: [],
  target: 'test',
});

/** Starts the refresh the columns are due for and lets the store's answer arrive. */
async function refreshed(monitor: { listServices(): unknown }, clock: FakeClock) {
  monitor.listServices();
  await clock.advance(0);
}

describe('uptime refresh and the list', () => {
  it("rebuilds only the entry whose uptime moved: orders' new values, billing's entry untouched", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryResultStore({ clock, flushIntervalMs: 60_000 });
    store.recordResult(result('orders', 'health', T0 - 1000, true));
    store.recordResult(result('billing', 'health', T0 - 1000, true));
    const { monitor } = await setup({ clock, store });
    const before = new Map(monitor.listServices().map((s) => [s.id, s]));
    expect(before.get('billing')!.uptime).toEqual({ h1: 1, h24: 1, d7: 1 });

    store.recordResult(result('orders', 'health', T0 + 1000, false));
    await clock.advance(31_000);
    await refreshed(monitor, clock);
    const after = new Map(monitor.listServices().map((s) => [s.id, s]));
    expect(after.get('orders')!.uptime).toEqual({ h1: 0.5, h24: 0.5, d7: 0.5 });
    // the same object: the list cache re-serializes nothing for it
    expect(after.get('billing')).toBe(before.get('billing'));
    expect(after.get('empty')).toBe(before.get('empty'));
  });
});
