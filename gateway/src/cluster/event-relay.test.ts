import { afterAll, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import type { EventName } from '@aether/contract';
import { EventBus, type BusEvent } from '../events/bus.js';
import {
  createTestDatabase,
  describePostgres,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../testing/postgres-database.js';
import { startTcpProxy } from '../testing/tcp-proxy.js';
import { openPgPool } from '../store/postgres/pg-pool.js';
import { migrateCluster } from './cluster-schema.js';
import { EventRelay, type EventRelayOptions } from './event-relay.js';

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

  it('carries events whatever text they hold, each notification of a statement whole and in order', async () => {
    clear();
    // one statement's notifications go to Postgres as one text, a payload per line: text with
    // line breaks, quotes and backslashes must neither split a payload nor join two
    const texts = ['two\nlines\r\n', 'a "quote" and \\ a \\"', '\u0000 nul', 'ünï 日本 🚀'];
    const events = Array.from({ length: 400 }, (_, n) => ({ n, text: texts[n % texts.length]! }));
    // ~1,000 bytes each: several notifications in one statement
    for (const event of events)
      a().bus.publish('result', { ...event, pad: 'x'.repeat(900) } as never);
    await until(() => b().seen.length === events.length);
    expect(a().relay.counts.sent).toBeGreaterThan(10);
    expect(
      b().seen.map((e) => {
        const { n, text } = e.data as unknown as { n: number; text: string };
        return { n, text };
      }),
    ).toEqual(events);
  });

  it('sends a status change at once with the results of its own service only; other events take every waiting result', async () => {
    // results wait a minute here: whatever arrives before that went with an urgent event
    const bus = new EventBus();
    const relay = new EventRelay({
      url: database.url,
      pool,
      self: 'e',
      events: bus,
      logger: quiet,
      batchMs: 60_000,
    });
    await relay.start();
    const result = (serviceId: string, n: number) => ({ serviceId, n }) as never;
    const status = (serviceId: string) => ({ serviceId, status: 'down' }) as never;
    const fromE = () =>
      b()
        .seen.filter((e) => e.origin === 'e')
        .map((e) => {
          const data = e.data as { serviceId?: string; n?: number; at?: string };
          return e.type === 'maintenance' ? `m` : `${e.type} ${data.serviceId} ${data.n ?? ''}`;
        });
    try {
      clear();
      bus.publish('result', result('x', 0));
      bus.publish('result', result('y', 0));
      bus.publish('result', result('x', 1));
      bus.publish('status', status('y'));
      bus.publish('result', result('y', 1)); // after its status: waits for the batch
      await until(() => fromE().includes('status y '));
      expect(fromE()).toEqual(['result y 0', 'status y ']);

      bus.publish('maintenance', { at: 'now', window: null });
      await until(() => fromE().includes('m'));
      expect(fromE()).toEqual([
        'result y 0',
        'status y ',
        'result x 0',
        'result x 1',
        'result y 1',
        'm',
      ]);

      bus.publish('result', result('x', 2));
      await relay.flush();
      await until(() => fromE().length === 7);
      expect(fromE().at(-1)).toBe('result x 2');

      // results due while a statement is in flight, and a status change behind them: the status
      // change (with its service's results) goes first, the other results in the next statement
      bus.publish('maintenance', { at: 'now', window: null }); // in flight from here
      bus.publish('result', result('x', 3));
      bus.publish('result', result('y', 2));
      const flushed = relay.flush(); // the results are due
      bus.publish('status', status('y'));
      await flushed;
      await until(() => fromE().length === 11);
      expect(fromE().slice(7)).toEqual(['m', 'result y 2', 'status y ', 'result x 3']);
    } finally {
      await relay.stop();
    }
  });

  it('gives the loop a turn once received notifications have held it for 20 ms', async () => {
    clear();
    // three results of 4 kB: one statement of three notifications, most likely one socket read;
    // the first one's subscriber holds the loop 30 ms, so the next waits for a turn
    const order: string[] = [];
    const unsubscribe = b().bus.subscribe((event) => {
      if (event.origin !== 'a' || event.type !== 'result') return;
      const n = String((event.data as unknown as { n: number }).n);
      order.push(n);
      if (n !== '0') return;
      setImmediate(() => order.push('turn'));
      const until = performance.now() + 30;
      while (performance.now() < until);
    });
    try {
      for (let n = 0; n < 3; n++)
        a().bus.publish('result', { serviceId: 's', n, pad: 'x'.repeat(4000) } as never);
      await a().relay.flush();
      await until(() => order.length === 4);
      expect(order).toEqual(['0', 'turn', '1', '2']);
    } finally {
      unsubscribe();
    }
  });

  it('sends an event too big for NOTIFY by reference, and the others fetch it', async () => {
    clear();
    const big = { at: 'x'.repeat(20_000), window: null };
    a().bus.publish('maintenance', big);
    const isBig = (e: BusEvent) => (e.data as { at?: string }).at === big.at;
    // (c may still be taking the last of the previous test's events)
    await until(() => c().seen.some((e) => isBig(e)));
    expect(c().seen.find((e) => isBig(e))!.data).toEqual(big);
    expect(c().relay.counts.fetched).toBeGreaterThan(0);
  });

  it('never relays a config event (each gateway announces its own) but carries reload requests', async () => {
    clear();
    a().bus.publish('config', { at: 'now' } as never);
    await a().relay.requestReload();
    await until(() => reloads.length === 2);
    expect(reloads.sort()).toEqual(['b', 'c']);
    expect(b().seen.filter((e) => e.type === 'config')).toEqual([]);
  });

  it('listens again after its connection is cut, and delivers what is published after', async () => {
    const server = new URL(TEST_POSTGRES_URL);
    const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const bus = new EventBus();
    const seen: BusEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    const logs: string[] = [];
    const relay = new EventRelay({
      url: proxy.through(database.url),
      pool,
      self: 'd',
      events: bus,
      logger: {
        warn: (_: unknown, line: string) => void logs.push(line),
        info: (line: string) => void logs.push(line),
      } as unknown as EventRelayOptions['logger'],
      reconnectMs: 50,
    });
    try {
      await relay.start();
      await proxy.cut(); // the database restarts, as far as d can tell
      await proxy.restore();
      // its listener is back once a's events reach it again
      await until(() => {
        a().bus.publish('maintenance', { at: 'after the cut', window: null });
        return seen.some((e) => e.origin === 'a');
      }, 10_000);
      expect(seen.at(-1)).toMatchObject({ type: 'maintenance', origin: 'a' });
      expect(logs).toEqual([
        'event listener lost its connection; reconnecting',
        'event listener reconnected',
      ]);
    } finally {
      await relay.stop();
      await proxy.close();
    }
  });
});
