import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type pg from 'pg';
import { systemClock } from '../clock.js';
import { EventBus } from '../events/bus.js';
import { PgResultStore } from '../store/postgres/pg-result-store.js';
import { openPgPool } from '../store/postgres/pg-pool.js';
import { result } from '../store/store.suite.js';
import {
  createTestDatabase,
  describePostgres,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../testing/postgres-database.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';
import { ClusterNode } from './cluster-node.js';

// Each case waits out real lease TTLs against a real server and a loopback proxy: ~5 s alone,
// several times that on two cores busy with the rest of the suite (a correctness bound, not speed).
vi.setConfig({ testTimeout: 60_000 });

const quiet = { info: () => undefined, warn: () => undefined };

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describePostgres('fencing: a gateway whose lease was taken over cannot write under it', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  /** Gateway a reaches the database through this: cut, it is as good as paused. */
  let proxy: TcpProxy;
  let pausable: pg.Pool;
  const nodes: ClusterNode[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = openPgPool({ url: database.url });
    const server = new URL(TEST_POSTGRES_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    pausable = openPgPool({ url: proxy.through(database.url), onError: () => undefined });
  });
  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await pausable.end();
    await pool.end();
    await proxy.close();
    await database.drop();
  });

  const node = (id: string, on: pg.Pool) => {
    const n = new ClusterNode({
      pool: on,
      url: database.url,
      shards: 4,
      leaseTtlMs: 900,
      id,
      clock: systemClock,
      events: new EventBus(),
      logger: quiet,
    });
    nodes.push(n);
    return n;
  };

  /** Between cases: every node gone, leases and results cleared, the proxy open. */
  async function reset(): Promise<void> {
    await proxy.restore().catch(() => undefined);
    for (const n of nodes.splice(0)) await n.stop();
    await pool.query('UPDATE shard_leases SET owner = NULL, expires_at = NULL');
    await pool.query('DELETE FROM results_raw').catch(() => undefined);
    await pool.query('DELETE FROM fenced_writes');
  }

  /** fenced_writes as the docs promise it: refused rows per (shard, owner, epoch). */
  async function fencedWrites(): Promise<
    { shard: number; owner: string; epoch: number; refused: number }[]
  > {
    const { rows } = await pool.query(
      'SELECT shard, owner, epoch, refused FROM fenced_writes ORDER BY shard, owner, epoch',
    );
    return rows;
  }

  it('a gateway cut off alone keeps probing in outage mode; the one that took over writes, the cut-off one’s rows are refused on its return and it stops those shards', async () => {
    const a = node('a', pausable);
    await a.migrate();
    await a.start({ configHash: () => 'h', checks: () => 0 });
    await until(() => a.heldShards().length === 4);
    const shard = a.shardOf('orders');
    const storeA = await PgResultStore.open(pausable, {
      fence: a.fence,
      flushIntervalMs: 3_600_000,
    });
    storeA.recordResult(result('orders', 'health', Date.now() - 1000));
    await storeA.flush();
    expect(storeA.stats().fenced).toBe(0);

    // a alone is cut off: its renewals fail (connection refused), so it probes on past its lease
    storeA.recordResult(result('orders', 'health', Date.now()));
    await proxy.cut();
    await until(() => a.inOutage());
    expect(a.ownership.owns('orders')).toBe(true);
    const b = node('b', pool);
    await b.start({ configHash: () => 'h', checks: () => 0 });
    await until(() => b.ownership.owns('orders'));
    expect(b.fence.epochOf(shard)).toBe(a.fence.epochOf(shard) + 1);
    expect(a.ownership.owns('orders')).toBe(true); // a cannot know: outage mode
    storeA.recordResult(result('orders', 'health', Date.now() + 100)); // probed in outage mode

    await proxy.restore();
    // its next beat reaches the database: the shard is b's now, a stops probing it
    await until(() => !a.ownership.owns('orders'));
    expect(a.inOutage()).toBe(false);
    await storeA.flush(); // a writes what it had buffered
    expect(storeA.stats().fenced).toBeGreaterThanOrEqual(2);
    // counted in the database, in the write's transaction: a's late rows under its old epoch
    expect(await fencedWrites()).toEqual([
      { shard, owner: 'a', epoch: 1, refused: storeA.stats().fenced },
    ]);
    const storeB = await PgResultStore.open(pool, { fence: b.fence, flushIntervalMs: 3_600_000 });
    storeB.recordResult(result('orders', 'health', Date.now() + 1000));
    await storeB.flush();
    expect(storeB.stats().fenced).toBe(0);
    expect((await fencedWrites()).filter((w) => w.owner === 'b')).toEqual([]);
    const { rows } = await pool.query<{ epoch: number }>(
      'SELECT epoch FROM results_raw ORDER BY ts',
    );
    expect(rows.map((r) => r.epoch)).toEqual([1, 2]); // a's first row, then b's: a's late ones refused
    await storeA.close();
    await storeB.close();
  });

  it('a single gateway cut off for 3 lease TTLs keeps probing; its buffered results are all written when the database is back', async () => {
    await reset();
    const a = node('solo', pausable);
    await a.start({ configHash: () => 'h', checks: () => 0 });
    await until(() => a.heldShards().length === 4);
    const storeA = await PgResultStore.open(pausable, {
      fence: a.fence,
      flushIntervalMs: 3_600_000,
      retryMs: 50,
      maxRetryMs: 100,
    });
    const epoch = a.fence.epochOf(a.shardOf('orders'));
    await proxy.cut();
    const cutAt = Date.now();
    let probed = 0;
    while (Date.now() - cutAt < 3 * 900) {
      expect(a.ownership.owns('orders')).toBe(true);
      storeA.recordResult(result('orders', 'health', Date.now()));
      probed += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(a.inOutage()).toBe(true);
    await storeA.flush().catch(() => undefined); // fails: kept in memory
    expect(storeA.stats().buffered).toBeGreaterThanOrEqual(probed);
    await proxy.restore();
    await until(() => !a.inOutage());
    await until(async () => {
      await storeA.flush().catch(() => undefined);
      return storeA.stats().buffered === 0;
    });
    expect(storeA.stats().fenced).toBe(0);
    expect(await fencedWrites()).toEqual([]);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM results_raw');
    expect(rows[0]!.n).toBe(probed);
    expect(a.fence.epochOf(a.shardOf('orders'))).toBe(epoch); // renewed, never re-claimed
    await storeA.close();
  });

  it('stamps each row with the epoch held when it was recorded: rows probed under a lost lease are refused even after the shard came back under a newer epoch', async () => {
    await reset();
    const a = node('again', pausable);
    await a.start({ configHash: () => 'h', checks: () => 0 });
    await until(() => a.heldShards().length === 4);
    const shard = a.shardOf('orders');
    const first = a.fence.epochOf(shard);
    const storeA = await PgResultStore.open(pausable, {
      fence: a.fence,
      flushIntervalMs: 3_600_000,
    });
    storeA.recordResult(result('orders', 'health', Date.now()));
    await proxy.cut();
    await until(() => a.inOutage());
    storeA.recordResult(result('orders', 'health', Date.now() + 100)); // outage mode
    // another gateway takes the shard over and leaves again: nobody holds it
    const b = node('passing', pool);
    await b.start({ configHash: () => 'h', checks: () => 0 });
    await until(() => b.ownership.owns('orders'));
    await b.stop();
    await proxy.restore();
    // a learns it lost the shard, then claims it again under a newer epoch
    await until(() => a.fence.epochOf(shard) > first + 1 && a.ownership.owns('orders'));
    storeA.recordResult(result('orders', 'health', Date.now() + 200)); // under the new lease
    await storeA.flush();
    expect(storeA.stats().fenced).toBe(2);
    // refused under the epoch they were probed with, not the newer one the batch was written under
    expect(await fencedWrites()).toEqual([{ shard, owner: 'again', epoch: first, refused: 2 }]);
    const { rows } = await pool.query<{ epoch: number }>(
      'SELECT epoch FROM results_raw ORDER BY ts',
    );
    expect(rows.map((r) => r.epoch)).toEqual([a.fence.epochOf(shard)]);
    await storeA.close();
  });
});
