import { afterAll, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import type { EventName } from '@aether/contract';
import { EventBus, type BusEvent } from '../events/bus.js';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../testing/postgres-database.js';
import { openPgPool } from '../store/postgres/pg-pool.js';
import { migrateCluster } from './cluster-schema.js';
import { EventRelay } from './event-relay.js';

const quiet = { info: () => undefined, warn: () => undefined };

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describePostgres('EventRelay over LISTEN/NOTIFY', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const gateways: { id: string; bus: EventBus; relay: EventRelay; seen: BusEvent[] }[] = [];
  const reloads: string[] = [];
  const applied: [string, EventName][] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = openPgPool({ url: database.url });
    await migrateCluster(pool, 4);
    for (const id of ['a', 'b', 'c']) {
      const bus = new EventBus();
      const seen: BusEvent[] = [];
      bus.subscribe((event) => seen.push(event));
      const relay = new EventRelay({
        url: database.url,
        pool,
        self: id,
        events: bus,
        logger: quiet,
        onRemoteEvent: (type) => applied.push([id, type]),
        onReloadRequest: () => reloads.push(id),
      });
      await relay.start();
      gateways.push({ id, bus, relay, seen });
    }
  });
  afterAll(async () => {
    for (const g of gateways) await g.relay.stop();
    await pool.end();
    await database.drop();
  });

  const a = () => gateways[0]!;
  const b = () => gateways[1]!;
  const c = () => gateways[2]!;
  const clear = () => {
    for (const g of gateways) g.seen.length = 0;
    applied.length = 0;
    reloads.length = 0;
  };

  it('delivers an event to every other gateway, marked with its origin, and never back to its own', async () => {
    clear();
    const data = { at: '2026-12-06T16:00:00.000Z', window: null };
    a().bus.publish('maintenance', data);
    await until(() => b().seen.length === 1 && c().seen.length === 1);
    expect(b().seen[0]).toMatchObject({ type: 'maintenance', data, origin: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a().seen).toHaveLength(1); // its own publish only: no echo
    expect(b().seen).toHaveLength(1); // b did not relay a's event on
    expect(applied.sort()).toEqual([
      ['b', 'maintenance'],
      ['c', 'maintenance'],
    ]);
  });

  it('batches results yet keeps the order of everything a gateway published', async () => {
    clear();
    for (let i = 0; i < 200; i++) {
      a().bus.publish('result', { n: i } as never);
      if (i % 50 === 0) a().bus.publish('maintenance', { at: String(i), window: null });
    }
    await until(() => b().seen.length === 204);
    const order = b().seen.map((e) =>
      e.type === 'result'
        ? (e.data as unknown as { n: number }).n
        : `m${(e.data as { at: string }).at}`,
    );
    expect(order.slice(0, 4)).toEqual([0, 'm0', 1, 2]);
    expect(order.indexOf('m50')).toBe(order.indexOf(50) + 1);
    expect(order.filter((x) => typeof x === 'number')).toEqual([...Array(200).keys()]);
    expect(a().relay.counts.sent).toBeLessThan(50); // batched, not one NOTIFY per result
  });

  it('sends an event too big for NOTIFY by reference, and the others fetch it', async () => {
    clear();
    const big = { at: 'x'.repeat(20_000), window: null };
    a().bus.publish('maintenance', big);
    await until(() => c().seen.length === 1);
    expect(c().seen[0]!.data).toEqual(big);
    expect(c().relay.counts.fetched).toBeGreaterThan(0);
  });

  it('never relays a config event (each gateway announces its own) but carries reload requests', async () => {
    clear();
    a().bus.publish('config', { at: 'now' } as never);
    await a().relay.requestReload();
    await until(() => reloads.length === 2);
    expect(reloads.sort()).toEqual(['b', 'c']);
    expect(b().seen).toEqual([]);
  });
});
