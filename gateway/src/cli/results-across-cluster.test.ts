import { beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { FakeClock } from '../testing/fake-clock.js';
import { describePostgres } from '../testing/postgres-database.js';
import { usePgTestSchemas } from '../store/postgres/pg-test-schemas.js';
import { PgResultStore } from '../store/postgres/pg-result-store.js';
import { MemoryResultStore } from '../store/memory-store.js';
import { result } from '../store/store.suite.js';
import type { CheckOwnership, OwnershipChange } from '../monitor/types.js';
import { shareResultsAcrossCluster } from './results-across-cluster.js';

const T0 = Date.UTC(2026, 0, 1);
const quiet = { warn: () => undefined };

describePostgres('shareResultsAcrossCluster', () => {
  const database = usePgTestSchemas({ max: 8 });
  let pool: pg.Pool;
  beforeAll(() => {
    pool = database.pool();
  });

  it.each([
    ['told nothing but that ownership changed', false],
    ['told the shards that changed hands', true],
  ])(
    'counts relayed results and rebuilds the buckets of services it gains, %s',
    async (_, shards) => {
      const clock = new FakeClock(T0);
      // another gateway's raw rows for orders, its minute still open
      const other = await PgResultStore.open(pool, { clock, flushIntervalMs: 3_600_000 });
      for (let i = 0; i < 3; i++) other.recordResult(result('orders', 'health', T0 + i * 1000));
      await other.flush();
      const store = await PgResultStore.open(pool, {
        clock,
        flushIntervalMs: 3_600_000,
        fence: { shardOf: () => 0, epochOf: () => 0, owner: 'me' },
      });
      let owns = new Set<string>();
      const listeners = new Set<(change?: OwnershipChange) => void>();
      // with shards, orders is shard 0 and billing shard 1, and the config's ids are not read
      const ownership: CheckOwnership = {
        owns: (id: string) => owns.has(id),
        onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
        ...(shards
          ? { servicesIn: (moved) => moved.map((shard) => ['orders', 'billing'][shard]!) }
          : {}),
      };
      const sharing = shareResultsAcrossCluster(
        store,
        ownership,
        () => {
          if (shards) throw new Error('every id read on a change that named its shards');
          return ['orders', 'billing'];
        },
        quiet,
      )!;
      sharing.remoteResult(result('billing', 'health', T0 + 5000, { ok: false }));
      expect((await store.uptimeByService(T0, T0 + 60_000)).get('billing')).toEqual({
        count: 1,
        failures: 1,
      });

      const minute = async () =>
        (
          await store.history({
            serviceId: 'orders',
            fromMs: T0,
            toMs: T0 + 60_000,
            stepMs: 60_000,
          })
        )[0]!.count;
      expect(await minute()).toBe(0);
      owns = new Set(['orders']);
      for (const listener of listeners) listener({ gained: [0], lost: [] });
      await until(async () => (await minute()) === 3);
      sharing.stop();
      expect(listeners.size).toBe(0);
      await store.close();
      await other.close();
    },
  );

  it('does nothing on a store that is not shared', () => {
    const ownership = { owns: () => true, onChange: () => () => undefined };
    expect(shareResultsAcrossCluster(new MemoryResultStore(), ownership, () => [], quiet)).toBe(
      undefined,
    );
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('until: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
