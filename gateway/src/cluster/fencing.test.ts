import { afterAll, beforeAll, expect, it } from 'vitest';
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

  it('refuses the late rows of the old holder, keeps the new holder’s', async () => {
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

    // a is cut off (as good as paused): its leases run out while a result waits in its buffer
    storeA.recordResult(result('orders', 'health', Date.now()));
    await proxy.cut();
    await until(() => !a.ownership.owns('orders')); // its local deadline passed
    const b = node('b', pool);
    await b.start({ configHash: () => 'h', checks: () => 0 });
    await until(() => b.ownership.owns('orders'));
    expect(b.fence.epochOf(shard)).toBe(a.fence.epochOf(shard) + 1);

    await proxy.restore();
    await storeA.flush(); // a is back and writes what it had
    expect(storeA.stats().fenced).toBeGreaterThanOrEqual(1);
    const storeB = await PgResultStore.open(pool, { fence: b.fence, flushIntervalMs: 3_600_000 });
    storeB.recordResult(result('orders', 'health', Date.now() + 1000));
    await storeB.flush();
    expect(storeB.stats().fenced).toBe(0);
    const { rows } = await pool.query<{ epoch: number }>(
      'SELECT epoch FROM results_raw ORDER BY ts',
    );
    expect(rows.map((r) => r.epoch)).toEqual([1, 2]); // a's first row, then b's: a's late one refused
    await storeA.close();
    await storeB.close();
  });
});
