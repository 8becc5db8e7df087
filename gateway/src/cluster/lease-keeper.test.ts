import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
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
