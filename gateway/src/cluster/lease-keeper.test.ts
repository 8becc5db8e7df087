import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type pg from 'pg';
import { FakeClock } from '../testing/fake-clock.js';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../testing/postgres-database.js';
import { openPgPool } from '../store/postgres/pg-pool.js';
import { migrateCluster } from './cluster-schema.js';
import { LeaseKeeper, type LeaseChange } from './lease-keeper.js';
import { LeaseTable } from './lease-table.js';

const SHARDS = 12;
const quiet = { info: () => undefined, warn: () => undefined };

describePostgres('LeaseKeeper on Postgres', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const keepers: LeaseKeeper[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = openPgPool({ url: database.url });
    await migrateCluster(pool, SHARDS);
  });
  afterEach(async () => {
    for (const k of keepers.splice(0)) await k.stop();
    await pool.query('UPDATE shard_leases SET owner = NULL, expires_at = NULL, epoch = 0');
    await pool.query('DELETE FROM cluster_members');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** A keeper whose time is a FakeClock (timers and the monotonic deadline alike). */
  function keeper(id: string, ttlMs = 3000, table = new LeaseTable(pool, SHARDS, ttlMs)) {
    const clock = new FakeClock();
    const changes: LeaseChange[] = [];
    const k = new LeaseKeeper({
      table,
      shards: SHARDS,
      ttlMs,
      clock,
      monotonic: () => clock.now(),
      logger: quiet,
      member: () => ({ id, host: 'test', configHash: 'h', checks: 0 }),
      random: () => 0.5,
    });
    k.onChange((change) => changes.push(change));
    keepers.push(k);
    return { k, clock, changes };
  }

  const owners = async () =>
    (
      await pool.query<{ shard: number; owner: string | null; epoch: number }>(
        'SELECT shard, owner, epoch FROM shard_leases ORDER BY shard',
      )
    ).rows;

  it('three gateways that start together split the shards evenly, none held twice', async () => {
    const all = [keeper('a'), keeper('b'), keeper('c')];
    await Promise.all(all.map(({ k }) => k.start()));
    await Promise.all(all.map(({ k }) => k.beat()));
    const held = all.map(({ k }) => k.heldShards());
    expect(held.map((h) => h.length)).toEqual([4, 4, 4]);
    expect(new Set(held.flat()).size).toBe(SHARDS);
    const rows = await owners();
    for (const [i, { k }] of all.entries())
      expect(rows.filter((r) => r.owner === ['a', 'b', 'c'][i]).map((r) => r.shard)).toEqual(
        k.heldShards(),
      );
    expect(rows.every((r) => r.epoch === 1)).toBe(true);
  });

  it('renews what it holds without touching the epoch', async () => {
    const { k } = keeper('a');
    await k.start();
    await k.beat();
    const before = await owners();
    await k.beat();
    expect(k.heldShards()).toHaveLength(SHARDS);
    expect(await owners()).toEqual(before);
  });

  it('rebalances when a member joins: the first gives back above its fair share, the second claims it with a new epoch', async () => {
    const a = keeper('a');
    await a.k.start();
    await a.k.beat();
    expect(a.k.heldShards()).toHaveLength(SHARDS);
    const b = keeper('b');
    await b.k.start();
    await a.k.beat();
    expect(a.k.heldShards()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(a.changes.at(-1)).toEqual({ gained: [], lost: [6, 7, 8, 9, 10, 11] });
    await b.k.beat();
    expect(b.k.heldShards()).toEqual([6, 7, 8, 9, 10, 11]);
    expect(b.changes.at(-1)!.gained.map((g) => g.epoch)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('takes over an expired lease with the next epoch; the old holder learns it lost it at its next beat', async () => {
    const a = keeper('a', 600);
    const b = keeper('b', 600);
    await a.k.start();
    await b.k.start();
    await a.k.beat();
    await b.k.beat();
    expect(a.k.heldShards()).toEqual([0, 1, 2, 3, 4, 5]);
    // a stops beating (paused); b's beats go on until a is no longer a live member
    await new Promise((resolve) => setTimeout(resolve, 700));
    await b.k.beat();
    expect(b.k.heldShards()).toHaveLength(SHARDS);
    expect(b.k.epochOf(0)).toBe(2);
    expect(a.k.epochOf(0)).toBe(1); // its local deadline has not been looked at yet
    await a.k.beat();
    expect(a.k.heldShards()).toEqual([]);
    expect(a.changes.at(-1)).toEqual({ gained: [], lost: [0, 1, 2, 3, 4, 5] });
  });

  it('drops every shard at its local deadline when renewals fail, whatever the database says', async () => {
    const table = new LeaseTable(pool, SHARDS, 3000);
    let failing = false;
    const flaky = new Proxy(table, {
      get(target, name: keyof LeaseTable) {
        const value = target[name];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          failing
            ? Promise.reject(new Error('connection refused'))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    const { k, clock, changes } = keeper('a', 3000, flaky);
    await k.start();
    await k.beat();
    expect(k.heldShards()).toHaveLength(SHARDS);
    failing = true;
    await clock.advance(1000);
    await k.beat();
    expect(k.heldShards()).toHaveLength(SHARDS);
    // renewed at 0 with ttl 3000 and a 300 ms margin: gone at 2700, not a moment later
    await clock.advance(1699);
    expect(k.valid()).toBe(true);
    await clock.advance(1);
    expect(k.heldShards()).toEqual([]);
    expect(changes.at(-1)!.lost).toHaveLength(SHARDS);
    failing = false;
  });

  it('shards dropped at the local deadline come back with the next renewal under the same epoch, unless another gateway claimed them', async () => {
    const table = new LeaseTable(pool, SHARDS, 3000);
    // a starved gateway: its beat is answered only after the local deadline has passed
    let gate: Promise<void> | undefined;
    let open = () => undefined as void;
    const slow = new Proxy(table, {
      get(target, name: keyof LeaseTable) {
        const value = target[name];
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (gate) await gate;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const { k, clock, changes } = keeper('a', 3000, slow);
    await k.start();
    await k.beat();
    expect(k.heldShards()).toHaveLength(SHARDS);
    gate = new Promise((resolve) => (open = resolve));
    await clock.advance(1000);
    const late = k.beat(); // sent at 1000, answered after the deadline (3700)
    await clock.advance(2700);
    expect(k.heldShards()).toEqual([]);
    expect(changes.at(-1)!.lost).toHaveLength(SHARDS);
    // meanwhile another gateway took shard 0 over
    await pool.query(`UPDATE shard_leases SET owner = 'b', epoch = 2 WHERE shard = 0`);
    gate = undefined;
    open();
    await late; // answered too late to probe on; the beats queued behind it were sent after the drop
    await k.beat();
    expect(k.heldShards()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(changes.at(-1)!.gained.map((g) => g.epoch)).toEqual(Array<number>(11).fill(1));
    expect(k.valid()).toBe(true);
    const rows = await owners();
    expect(rows.filter((r) => r.owner === 'a')).toHaveLength(11);
    expect(rows[0]).toEqual({ shard: 0, owner: 'b', epoch: 2 });
  });

  it('starts its beats a beat apart, however long each one takes', async () => {
    const time = { now: 0 };
    const timers: { fn: () => void; ms: number }[] = [];
    const table = new LeaseTable(pool, SHARDS, 3000);
    // every round trip takes 200 ms: a beat (heartbeat, renew, claim) takes 600
    const slow = new Proxy(table, {
      get(target, name: keyof LeaseTable) {
        const value = target[name];
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          time.now += 200;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const k = new LeaseKeeper({
      table: slow,
      shards: SHARDS,
      ttlMs: 3000,
      clock: {
        now: () => time.now,
        setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
        clearTimeout: () => undefined,
      },
      monotonic: () => time.now,
      logger: quiet,
      member: () => ({ id: 'a', host: 'test', configHash: 'h', checks: 0 }),
      random: () => 0.5,
    });
    keepers.push(k);
    await k.start();
    expect(timers.map((t) => t.ms)).toEqual([500]); // the first claim's jitter
    timers[0]!.fn();
    // the beat sets its deadline timer, then schedules the next beat
    await vi.waitFor(() => expect(timers).toHaveLength(3));
    expect(k.heldShards()).toHaveLength(SHARDS);
    expect(timers[2]!.ms).toBe(1000 - 600);
  });

  /** A table whose every call fails like pg does while the database cannot be reached. */
  function cutTable(ttlMs: number) {
    const table = new LeaseTable(pool, SHARDS, ttlMs);
    const state = { cut: false };
    const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const proxy = new Proxy(table, {
      get(target, name: keyof LeaseTable) {
        const value = target[name];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          state.cut
            ? Promise.reject(away)
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    return { proxy, state };
  }

  it('outage mode: renewals failing because the database is away keep the shards past the deadline; the lease is renewed under the same epoch when it is back', async () => {
    const { proxy, state } = cutTable(3000);
    const { k, clock, changes } = keeper('a', 3000, proxy);
    await k.start();
    await k.beat();
    expect(k.heldShards()).toHaveLength(SHARDS);
    state.cut = true;
    await clock.advance(9000); // 3 ttl, beats failing every second
    expect(k.valid()).toBe(true);
    expect(k.inOutage()).toBe(true);
    expect(k.heldShards()).toHaveLength(SHARDS);
    expect(changes.filter((c) => c.lost.length > 0)).toEqual([]);
    state.cut = false;
    await k.beat(); // expired in the database, but nobody claimed them: still a's, same epoch
    expect(k.inOutage()).toBe(false);
    expect(k.heldShards()).toHaveLength(SHARDS);
    expect(k.epochOf(0)).toBe(1);
    expect((await owners()).every((r) => r.owner === 'a' && r.epoch === 1)).toBe(true);
  });

  /** A keeper whose timers never fire (as if its process was stopped); `time.now` moves it. */
  function manualKeeper(id: string, table: LeaseTable, ttlMs = 3000) {
    const time = { now: 0 };
    const k = new LeaseKeeper({
      table,
      shards: SHARDS,
      ttlMs,
      clock: { now: () => time.now, setTimeout: () => 0, clearTimeout: () => undefined },
      monotonic: () => time.now,
      logger: quiet,
      member: () => ({ id, host: 'test', configHash: 'h', checks: 0 }),
      random: () => 0.5,
    });
    keepers.push(k);
    return { k, time };
  }

  it('outage mode lasts a ttl past the latest failed attempt: a gateway that stops trying (paused in the outage) probes nothing', async () => {
    const { proxy, state } = cutTable(3000);
    const { k, time } = manualKeeper('a', proxy);
    await k.start();
    await k.beat();
    state.cut = true;
    time.now = 1000;
    await k.beat(); // fails while the lease is valid: outage mode
    time.now = 3500;
    expect(k.valid()).toBe(true); // past the 2700 deadline, inside the outage
    time.now = 4000;
    expect(k.valid()).toBe(false); // no attempt since 1000
    state.cut = false;
  });

  it('a paused gateway (no failed attempt before its deadline) probes nothing on waking, even while the database is away', async () => {
    const { proxy, state } = cutTable(3000);
    const { k: paused, time } = manualKeeper('p', proxy);
    await paused.start();
    await paused.beat();
    expect(paused.valid()).toBe(true);
    time.now = 10_000; // woken long past its deadline
    state.cut = true;
    await paused.beat(); // the first attempt after waking fails: no outage mode for it
    expect(paused.valid()).toBe(false);
    expect(paused.inOutage()).toBe(false);
    state.cut = false;
    await paused.beat(); // renewed: probing again
    expect(paused.valid()).toBe(true);
  });

  it('outage mode stops for the shards the database says another gateway took', async () => {
    const { proxy, state } = cutTable(500);
    const a = keeper('a', 500, proxy);
    await a.k.start();
    await a.k.beat();
    state.cut = true;
    await a.clock.advance(1500);
    await new Promise((resolve) => setTimeout(resolve, 600)); // expired by the database's clock too
    expect(a.k.valid()).toBe(true);
    const b = keeper('b', 500);
    await b.k.start();
    await b.k.beat(); // a's leases expired in the database: b takes its fair share
    expect(b.k.heldShards().length).toBeGreaterThan(0);
    state.cut = false;
    await a.k.beat();
    expect(a.k.inOutage()).toBe(false);
    for (const shard of b.k.heldShards()) expect(a.k.epochOf(shard)).toBeUndefined();
  });

  it('after an outage longer than the ttl, the first gateway back claims nothing for a ttl: each renews its own under the same epoch (none of their buffered rows fenced); a member that did not come back is taken over after it', async () => {
    const cuts = [cutTable(500), cutTable(500), cutTable(500)];
    const [a, b, c] = ['a', 'b', 'c'].map((id, i) => manualKeeper(id, cuts[i]!.proxy, 500));
    const all = [a!, b!, c!];
    for (const g of all) await g.k.start();
    for (const g of all) await g.k.beat();
    expect(all.map((g) => g.k.heldShards().length)).toEqual([4, 4, 4]);
    for (const cut of cuts) cut.state.cut = true;
    for (const g of all) {
      g.time.now = 100;
      await g.k.beat(); // fails while the leases are valid: outage mode
    }
    await new Promise((resolve) => setTimeout(resolve, 700)); // expired by the database's clock
    cuts[0]!.state.cut = false;
    cuts[1]!.state.cut = false; // c never comes back
    a!.time.now = b!.time.now = 1500;
    await a!.k.beat(); // alone alive in the database's eyes: it used to take all 12 here
    await b!.k.beat();
    expect([a!.k.heldShards().length, b!.k.heldShards().length]).toEqual([4, 4]);
    const rows = await owners();
    expect(rows.every((r) => r.epoch === 1)).toBe(true);
    // a ttl later, c's shards (expired, c silent) are claimed by a and b under a new epoch
    a!.time.now = b!.time.now = 2000;
    await a!.k.beat();
    await b!.k.beat();
    expect(a!.k.heldShards().length + b!.k.heldShards().length).toBe(SHARDS);
    expect((await owners()).filter((r) => r.epoch === 2)).toHaveLength(4);
    cuts[2]!.state.cut = false;
  });

  it('releases every shard and leaves the member table on stop', async () => {
    const { k } = keeper('a');
    await k.start();
    await k.beat();
    await k.stop();
    expect((await owners()).every((r) => r.owner === null)).toBe(true);
    const { rows } = await pool.query('SELECT id FROM cluster_members');
    expect(rows).toEqual([]);
  });
});
