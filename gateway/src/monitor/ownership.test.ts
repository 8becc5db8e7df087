import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@aether/contract';
import type { ResultStore } from '../store/types.js';
import { CATCH_UP_MS } from './gained-slots.js';
import { setup, T0 } from './monitor-harness.js';
import type { CheckOwnership, OwnershipChange } from './types.js';

/** Ownership the test moves by hand, as shard leases would. */
function movableOwnership(initial: string[]) {
  const owned = new Set(initial);
  const listeners = new Set<() => void>();
  const ownership: CheckOwnership = {
    owns: (serviceId) => owned.has(serviceId),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (ids: string[]) => {
    owned.clear();
    for (const id of ids) owned.add(id);
    for (const listener of listeners) listener();
  };
  /** Owns nothing from now on, without telling anyone (a lease deadline passing). */
  const lapse = () => owned.clear();
  return { ownership, set, lapse };
}

/** Ownership by shard, one service a shard (orders 0, billing 1, empty 2): changes name them. */
function shardedOwnership(initial: number[], takeoverMs?: number) {
  const shardOf: Record<string, number> = { orders: 0, billing: 1, empty: 2 };
  const held = new Set(initial);
  /** Whether the local deadline is ahead (owns) or has just passed (holds only). */
  const lease = { valid: true };
  const listeners = new Set<(change?: OwnershipChange) => void>();
  const asked: number[][] = [];
  const ownership: CheckOwnership = {
    owns: (serviceId) => lease.valid && held.has(shardOf[serviceId]!),
    holds: (serviceId) => held.has(shardOf[serviceId]!),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    servicesIn: (shards) => {
      asked.push([...shards]);
      return Object.keys(shardOf).filter((id) => shards.includes(shardOf[id]!));
    },
    ...(takeoverMs !== undefined ? { takeoverMs: () => takeoverMs } : {}),
  };
  const move = (gained: number[], lost: number[]) => {
    for (const shard of gained) held.add(shard);
    for (const shard of lost) held.delete(shard);
    for (const listener of listeners) listener({ gained, lost });
  };
  return { ownership, move, held, asked, lease };
}

async function clustered(initial: string[]) {
  const owner = movableOwnership(initial);
  return { ...(await setup({ ownership: owner.ownership })), owner };
}

/**
 * Results of `orders` the store holds (flushed first): all from the harness's start (T0) on. Not
 * from 0: the in-memory store's history walks each hourly step, ~490,000 since 1970 (2-4 s a call).
 */
async function storedCount(store: ResultStore, now: number): Promise<number> {
  await store.flush();
  const points = await store.history({
    serviceId: 'orders',
    fromMs: T0,
    toMs: now + 1,
    stepMs: 3_600_000,
  });
  return points.reduce((n, p) => n + p.count, 0);
}

describe('createMonitor with shard ownership', () => {
  it('probes only the checks of services it owns', async () => {
    const { clock, monitor, calls } = await clustered(['orders']);
    monitor.start();
    await clock.advance(30_000);
    expect(new Set(calls)).toEqual(new Set(['orders/health', 'orders/db-port']));
    expect(monitor.stats().jobs).toBe(2);
    await monitor.stop();
  });

  it('a gained service is probed within one interval; a lost one is not probed again', async () => {
    const { clock, monitor, calls, owner } = await clustered(['orders']);
    monitor.start();
    await clock.advance(30_000);
    owner.set(['billing']);
    calls.length = 0;
    await clock.advance(10_000); // billing/health runs every 10 s
    expect(calls).toContain('billing/health');
    await clock.advance(60_000);
    expect(calls.filter((k) => k.startsWith('orders/'))).toEqual([]);
    expect(monitor.stats().jobs).toBe(1);
    await monitor.stop();
  });

  it('a lease change that names its shards moves the checks of their services only', async () => {
    const owner = shardedOwnership([0]);
    const { clock, monitor, calls } = await setup({ ownership: owner.ownership });
    monitor.start();
    await clock.advance(30_000);
    owner.move([1], [0]);
    calls.length = 0;
    await clock.advance(10_000);
    expect(calls).toContain('billing/health');
    await clock.advance(60_000);
    expect(calls.filter((k) => k.startsWith('orders/'))).toEqual([]);
    expect(monitor.stats().jobs).toBe(1);
    expect(owner.asked).toContainEqual([1]);
    expect(owner.asked).toContainEqual([0]);
    // a shard held again without a change naming it is not looked at: a change names the rest
    owner.held.add(0);
    owner.move([], []);
    await clock.advance(30_000);
    expect(monitor.stats().jobs).toBe(1);
    owner.move([0], []);
    await clock.advance(30_000);
    expect(monitor.stats().jobs).toBe(3);
    expect(calls).toContain('orders/health');
    await monitor.stop();
  });

  /**
   * billing/health (every 10 s) last probed by another gateway `agoMs` before billing's shard is
   * gained here: when it runs here from then on (ms since the gain).
   */
  async function runsAfterGain(agoMs: number | null, takeoverMs?: number) {
    const owner = shardedOwnership([0], takeoverMs);
    const { clock, monitor } = await setup({ ownership: owner.ownership });
    monitor.start();
    await clock.advance(30_000);
    const gainedAt = clock.now();
    if (agoMs !== null)
      monitor.applyRemoteResult({
        serviceId: 'billing',
        checkId: 'health',
        type: 'http',
        timestamp: new Date(gainedAt - agoMs).toISOString(),
        success: true,
        status: 'up',
        durationMs: 12,
        conditions: [],
        errors: [],
        target: 'elsewhere',
      });
    const runs: number[] = [];
    monitor.onRun!((info) => {
      if (info.serviceId === 'billing') runs.push(info.startedAt - gainedAt);
    });
    owner.move([1], []);
    await clock.advance(40_000);
    await monitor.stop();
    return { runs, lastAt: agoMs === null ? NaN : -agoMs };
  }

  it('a gained check its previous prober ran within its interval runs at that prober’s next slot: no earlier, no gap', async () => {
    const { runs } = await runsAfterGain(3_000);
    expect(runs).toEqual([7_000, 17_000, 27_000, 37_000]);
  });

  it('a gained check whose slot passed while the lease was dead is caught up within the catch-up window, then back on its grid', async () => {
    const { runs, lastAt } = await runsAfterGain(14_500, 30_000);
    const [first, second, ...rest] = runs;
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(CATCH_UP_MS);
    // its previous prober's grid (last probe + k intervals), at least half an interval later
    expect((second! - lastAt) % 10_000).toBe(0);
    expect(second! - first!).toBeGreaterThanOrEqual(5_000);
    expect(rest).toEqual(
      [second! + 10_000, second! + 20_000, second! + 30_000].filter((t) => t < 40_000),
    );
  });

  it('a gained check nobody probed for longer than a take-over takes starts like a start: within its interval, on a grid of its own', async () => {
    const { runs, lastAt } = await runsAfterGain(600_500, 30_000);
    const [first, second] = runs;
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(10_000);
    expect(second).toBe(first! + 10_000);
    expect((second! - lastAt) % 10_000).not.toBe(0);
  });

  it('a change looked at just past the local deadline still schedules the held checks; they probe once a renewal moves it', async () => {
    const owner = shardedOwnership([]);
    const { clock, monitor, calls } = await setup({ ownership: owner.ownership });
    monitor.start();
    owner.lease.valid = false;
    owner.move([1], []);
    await clock.advance(30_000);
    expect(monitor.stats().jobs).toBe(1);
    expect(calls).toEqual([]); // each run asks `owns`
    owner.lease.valid = true; // renewed: the same shards, no change to tell
    await clock.advance(10_000);
    expect(calls).toContain('billing/health');
    await monitor.stop();
  });

  it('a run due after the lease ran out, before ownership is synced, is not probed', async () => {
    const { clock, monitor, calls, store, owner } = await clustered(['orders']);
    monitor.start();
    await clock.advance(30_000);
    const stored = await storedCount(store, clock.now());
    calls.length = 0;
    owner.lapse(); // the local deadline passed; its timer has not run yet
    await clock.advance(30_000);
    expect(calls).toEqual([]);
    expect(await storedCount(store, clock.now())).toBe(stored);
    await monitor.stop();
  });

  it('follows results probed elsewhere for checks it does not probe, and ignores them for its own', async () => {
    const { clock, monitor, store } = await clustered(['orders']);
    monitor.start();
    await clock.advance(30_000);
    const remote = (serviceId: string, checkId: string, success: boolean): CheckResult => ({
      serviceId,
      checkId,
      type: 'http',
      timestamp: new Date(clock.now()).toISOString(),
      success,
      status: success ? 'up' : 'down',
      durationMs: 12,
      conditions: [],
      errors: success ? [] : [{ kind: 'refused', message: 'connection refused' }],
      target: 'elsewhere',
    });
    monitor.applyRemoteResult(remote('billing', 'health', true));
    expect(monitor.getService('billing')!.status).toBe('up');
    monitor.applyRemoteResult(remote('billing', 'health', false));
    monitor.applyRemoteResult(remote('billing', 'health', false));
    expect(monitor.getService('billing')!.status).toBe('down');
    monitor.applyRemoteResult(remote('orders', 'health', false));
    monitor.applyRemoteResult(remote('orders', 'health', false));
    expect(monitor.getService('orders')!.status).toBe('up'); // its own probes decide
    monitor.applyRemoteResult(remote('nope', 'health', false)); // unknown: ignored
    await store.flush();
    expect(await store.openIncidents()).toEqual([]); // the prober opens incidents, not a follower
    await monitor.stop();
  });

  it('verify answers for a check probed elsewhere without taking over its record', async () => {
    const { clock, monitor, calls } = await clustered(['orders']);
    monitor.start();
    const verified = monitor.verify({ services: ['billing'] });
    await clock.advance(100);
    const [result] = await verified;
    expect(result).toMatchObject({ serviceId: 'billing', checkId: 'health', success: true });
    expect(calls).toContain('billing/health');
    expect(monitor.getService('billing')!.status).toBe('unknown');
    await monitor.stop();
  });
});
