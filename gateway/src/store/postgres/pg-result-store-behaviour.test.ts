import type pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import {
  createTestDatabase,
  describePostgres,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../../testing/postgres-database.js';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';
import { migrateCluster } from '../../cluster/cluster-schema.js';
import { expectResumesAfterRestart, refusedIncident, result } from '../store.suite.js';
import { openPgPool } from './pg-pool.js';
import { PgResultStore, type PgResultStoreOptions } from './pg-result-store.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const H = 60 * MIN;

describePostgres('PgResultStore beyond the shared suite', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A fresh database, a pool on it (through `proxy` when given) and a store on the pool. */
  const open = async (
    options: Partial<PgResultStoreOptions> & { proxy?: TcpProxy; database?: TestDatabase } = {},
  ) => {
    const database = options.database ?? (await createTestDatabase());
    if (!options.database) cleanup.push(() => database.drop());
    const errors: unknown[] = [];
    const url = options.proxy ? options.proxy.through(database.url) : database.url;
    const pool = openPgPool({ url, onError: (error) => errors.push(error) });
    cleanup.push(() => pool.end());
    const clock = options.clock ?? new FakeClock(T0);
    const store = await PgResultStore.open(pool, {
      closeGraceMs: 1000,
      flushIntervalMs: H,
      retryMs: 20,
      maxRetryMs: 100,
      onError: (error) => errors.push(error),
      ...options,
      clock,
    });
    cleanup.push(() => store.close());
    return { database, pool, store, clock: clock as FakeClock, errors };
  };

  const count = async (pool: pg.Pool, sql: string) =>
    Number((await pool.query<{ n: number }>(sql)).rows[0]!.n);

  it("writes a fleet's minute close (made a slice of checks a turn) with its watermark in one transaction; reads meanwhile count every result once", async () => {
    const CHECKS = 2500;
    const start = T0 + 59 * MIN;
    const { pool, store, clock } = await open({ clock: new FakeClock(start) });
    for (let i = 0; i < CHECKS; i++)
      for (let k = 0; k < 3; k++)
        store.recordResult(result(`s${i}`, 'http', start + k * 20_000 + i, { ok: k !== 1 }));
    await store.flush();
    const minuteOf = async (serviceId: string) =>
      (await store.history({ serviceId, fromMs: start, toMs: start + MIN, stepMs: MIN }))
        .map((p) => `${p.count}/${p.failures}`)
        .join();
    const reads: string[] = [];
    // how many reads land inside the close depends on Postgres's speed, so none is counted here:
    // whichever do must see each result once (the slices themselves are a CPU figure, in bench/)
    let done = false;
    const readEveryTurn = async () => {
      while (!done) {
        reads.push(await minuteOf('s5'), await minuteOf('s2400'));
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const reading = readEveryTurn();
    await clock.advance(MIN + 1000); // the next flush closes 00:59 of every check
    await store.flush();
    done = true;
    await reading;
    expect(new Set(reads)).toEqual(new Set(['3/1']));
    expect(await count(pool, 'SELECT count(*) AS n FROM rollup_minute')).toBe(CHECKS);
    expect(
      await count(pool, `SELECT value AS n FROM results_meta WHERE key = 'watermark.minute'`),
    ).toBe(start + MIN);
  });

  it('writes a second of 1,000 probes in one transaction of a handful of statements', async () => {
    const { pool, store, clock } = await open();
    await store.flush(); // the first write has nothing to do with counting
    const statements: string[] = [];
    pool.on('acquire', (client: pg.PoolClient & { counted?: boolean }) => {
      if (client.counted) return;
      client.counted = true;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
        statements.push(text.trim().split(/\s+/)[0]!);
        return query(...args);
      };
    });
    for (let i = 0; i < 1000; i++) {
      store.recordResult(result(`svc-${i % 100}`, `check-${i}`, T0 + i));
      store.saveCheckState({
        serviceId: `svc-${i % 100}`,
        checkId: `check-${i}`,
        status: 'up',
        since: null,
        consecutiveFailures: 0,
        consecutiveSuccesses: 1,
        lastResult: null,
      });
    }
    await clock.advance(2 * MIN); // closes minute rollups too
    await store.flush();
    // the size trigger writes results, checks and states; the timer's flush the closed minute
    // and the watermarks (and, once a day, the day fold): two transactions, each a few statements
    expect(statements.filter((s) => s === 'BEGIN')).toHaveLength(2);
    expect(statements.filter((s) => s !== 'BEGIN' && s !== 'COMMIT').length).toBeLessThanOrEqual(
      10,
    );
    expect(await count(pool, 'SELECT count(*) AS n FROM results_raw')).toBe(1000);
    expect(await count(pool, 'SELECT count(*) AS n FROM check_states')).toBe(1000);
    expect(await count(pool, 'SELECT sum(count) AS n FROM rollup_minute')).toBe(1000);
  });

  it('stores check states whatever text they carry, and another store reads them back unchanged', async () => {
    // states go to Postgres as one text, a state per line: text with line breaks, quotes,
    // backslashes, a NUL, a lone surrogate, non-Latin and astral characters must not split or
    // change one
    const awkward = [
      'line one\nline two\r\n',
      'a "quoted" \\ back\\slash \\"',
      'nul \u0000 tab \t',
      'lone \ud800 surrogate',
      'ünïcödé 日本 🚀',
      '',
    ];
    const first = await open();
    const states = awkward.map((message, i) => ({
      serviceId: `svc-${i}`,
      checkId: 'http',
      status: 'down' as const,
      since: new Date(T0).toISOString(),
      consecutiveFailures: i,
      consecutiveSuccesses: 0,
      lastResult: {
        ...result(`svc-${i}`, 'http', T0 + i, { ok: false }),
        errors: [{ kind: 'protocol' as const, message }],
      },
    }));
    for (const state of states) first.store.saveCheckState(state);
    await first.store.flush();
    expect(await count(first.pool, 'SELECT count(*) AS n FROM check_states')).toBe(awkward.length);

    const second = await open({ database: first.database });
    const loaded = (await second.store.loadCheckStates()).sort(
      (a, b) => a.consecutiveFailures - b.consecutiveFailures,
    );
    expect(loaded).toEqual(JSON.parse(JSON.stringify(states)));
    expect(loaded.map((s) => s.lastResult!.errors[0]!.message)).toEqual(awkward);
  });

  it('resumes after a restart: history, open buckets, uptime, states and incidents', async () => {
    const clock = new FakeClock(T0);
    const first = await open({ clock });
    await expectResumesAfterRestart(
      clock,
      first.store,
      async () => (await open({ clock, database: first.database })).store,
    );
  });

  it('keeps accepting results while Postgres is unreachable, and writes them when it is back', async () => {
    const proxy = await startTcpProxy(postgresAddress());
    cleanup.push(() => proxy.close());
    const { pool, store, errors } = await open({ proxy });
    store.recordResult(result('orders', 'health', T0));
    await store.flush();
    expect(store.stats()).toMatchObject({ reachable: true, buffered: 0 });

    const before = await store.openIncident(refusedIncident(T0));

    await proxy.cut();
    for (let i = 1; i <= 50; i++) store.recordResult(result('orders', 'health', T0 + i * 1000));
    // incidents change during the outage too: kept, answered, written after
    const closed = await store.closeIncident(before.id, new Date(T0 + 20_000).toISOString());
    expect(closed).toMatchObject({ id: before.id, durationMs: 20_000 });
    const during = await store.openIncident({
      serviceId: 'orders',
      checkId: 'health',
      status: 'down',
      startedAt: new Date(T0 + 30_000).toISOString(),
      cause: 'timeout',
    });
    await expect(store.openIncidents()).rejects.toThrow(/cannot be reached|ECONNREFUSED|connect/);
    await expect(store.flush()).rejects.toThrow();
    // 50 results and the two incident changes
    expect(store.stats()).toMatchObject({ reachable: false, buffered: 52, dropped: 0 });
    // reads of what is buffered still answer from memory where they can
    expect((await store.uptimeByService(T0, T0 + MIN)).get('orders')).toEqual({
      count: 51,
      failures: 0,
    });
    const failures = errors.length;

    await proxy.restore();
    // the writer retries on its own (backoff of 20..100 ms here), no flush needed
    await waitFor(() => store.stats().buffered === 0);
    expect(store.stats()).toMatchObject({ reachable: true, dropped: 0 });
    expect(await count(pool, 'SELECT count(*) AS n FROM results_raw')).toBe(51);
    expect((await store.openIncidents()).map((i) => i.id)).toEqual([during.id]);
    expect((await store.listIncidents('orders', 5)).map((i) => [i.id, i.endedAt])).toEqual([
      [during.id, null],
      [before.id, new Date(T0 + 20_000).toISOString()],
    ]);
    const [point] = await store.history({
      serviceId: 'orders',
      fromMs: T0,
      toMs: T0 + MIN,
      stepMs: MIN,
    });
    expect(point!.count).toBe(51);
    expect(failures).toBeGreaterThan(0); // reported, not thrown
  });

  it('drops the oldest results past the outage bound, and counts them', async () => {
    const proxy = await startTcpProxy(postgresAddress());
    cleanup.push(() => proxy.close());
    const { pool, store } = await open({ proxy, maxBufferedRows: 10 });
    await proxy.cut();
    for (let i = 0; i < 25; i++) store.recordResult(result('orders', 'health', T0 + i * 1000));
    await expect(store.flush()).rejects.toThrow();
    expect(store.stats()).toMatchObject({ dropped: 15, reachable: false });
    await proxy.restore();
    await store.flush();
    const { rows } = await pool.query<{ ts: number }>('SELECT ts FROM results_raw ORDER BY ts');
    expect(rows.map((r) => r.ts)).toEqual(
      Array.from({ length: 10 }, (_, i) => T0 + (15 + i) * 1000),
    );
  });

  it('refuses the rows of a shard whose lease another gateway holds with a newer epoch', async () => {
    let epoch = 3;
    const { pool, store, clock } = await open({
      fence: { shardOf: () => 7, epochOf: (shard) => (shard === 7 ? epoch : 0), owner: 'me' },
    });
    await migrateCluster(pool, 8); // shard_leases and fenced_writes, as a gateway's node makes them
    await pool.query(`UPDATE shard_leases SET owner = 'me', epoch = 3 WHERE shard = 7`);
    const state = (status: 'up' | 'down') => ({
      serviceId: 'orders',
      checkId: 'health',
      status,
      since: null,
      consecutiveFailures: 0,
      consecutiveSuccesses: 1,
      lastResult: null,
    });
    store.recordResult(result('orders', 'health', T0));
    store.saveCheckState(state('up'));
    await store.flush();
    expect(store.stats().fenced).toBe(0);

    // another gateway took shard 7 over (epoch 4) while this one was paused
    await pool.query(`UPDATE shard_leases SET owner = 'other', epoch = 4 WHERE shard = 7`);
    store.recordResult(result('orders', 'health', T0 + 1000, { ok: false }));
    store.saveCheckState(state('down'));
    await clock.advance(2 * MIN);
    await store.flush();
    expect(await count(pool, 'SELECT count(*) AS n FROM results_raw')).toBe(1);
    expect(await count(pool, 'SELECT count(*) AS n FROM rollup_minute')).toBe(0);
    const { rows } = await pool.query<{ state: string }>('SELECT state FROM check_states');
    expect(JSON.parse(rows[0]!.state)).toMatchObject({ status: 'up' });
    expect(store.stats().fenced).toBe(3); // the raw row, the minute rollup, the state
    // counted in the database too, under the writer and the epoch it wrote with
    const fenced = await pool.query('SELECT shard, owner, epoch, refused FROM fenced_writes');
    expect(fenced.rows).toEqual([{ shard: 7, owner: 'me', epoch: 3, refused: 3 }]);

    epoch = 4; // this gateway holds the new lease: its rows are taken again
    store.recordResult(result('orders', 'health', T0 + 2000));
    await store.flush();
    expect(await count(pool, 'SELECT count(*) AS n FROM results_raw')).toBe(2);
    expect(
      (await pool.query('SELECT shard, epoch FROM results_raw ORDER BY ts')).rows.map((r) => [
        r.shard,
        r.epoch,
      ]),
    ).toEqual([
      [7, 3],
      [7, 4],
    ]);
  });

  it('rebuilds the open buckets of services it takes over from the raw rows, and counts remote results', async () => {
    const clock = new FakeClock(T0);
    const epochs = new Map([['a', 1]]);
    const fenceOf = (gateway: string) => ({
      shardOf: () => 1,
      epochOf: () => epochs.get(gateway) ?? 0,
      owner: gateway,
    });
    const a = await open({ clock, fence: fenceOf('a') });
    await migrateCluster(a.pool, 8);
    await a.pool.query(`UPDATE shard_leases SET owner = 'a', epoch = 1 WHERE shard = 1`);
    for (let i = 0; i < 3; i++)
      a.store.recordResult(result('orders', 'health', T0 + i * 10_000, { ok: i !== 0 }));
    await clock.advance(30_000);
    await a.store.flush(); // raw rows written; minute T0 still open in a's memory

    // b takes shard 1 over (a stopped renewing) and opens on the same database
    await a.pool.query(`UPDATE shard_leases SET owner = 'b', epoch = 2 WHERE shard = 1`);
    epochs.set('b', 2);
    const b = await open({ clock, fence: fenceOf('b'), database: a.database });
    await b.store.adopt(['orders']);
    b.store.recordResult(result('orders', 'health', T0 + 40_000));
    b.store.observeRemote(result('billing', 'health', T0 + 45_000, { ok: false }));
    await clock.advance(2 * MIN);
    await b.store.flush();
    await a.store.flush(); // a's late rollup of minute T0 is refused
    const { rows } = await b.pool.query(
      'SELECT bucket, count, failures FROM rollup_minute ORDER BY bucket',
    );
    expect(rows).toEqual([{ bucket: T0, count: 4, failures: 1 }]);
    expect(a.store.stats().fenced).toBeGreaterThanOrEqual(1);
    const uptime = await b.store.uptimeByService(T0, T0 + 3 * MIN);
    expect(uptime.get('billing')).toEqual({ count: 1, failures: 1 });
    // a relayed result is never written here: its prober writes it
    for (const table of ['results_raw', 'rollup_minute', 'rollup_hour'])
      expect(
        await count(
          b.pool,
          `SELECT count(*) AS n FROM ${table} t JOIN result_checks c ON c.key = t.check_key WHERE c.service_id = 'billing'`,
        ),
      ).toBe(0);
  });

  it("reads the open buckets of a check another gateway probes from its prober's raw rows, as the prober reads them", async () => {
    const start = T0 + 58 * MIN;
    const clock = new FakeClock(start);
    const prober = await open({ clock });
    // a longer grace: the prober closes (and writes) each bucket before this gateway would
    const other = await open({ clock, database: prober.database, closeGraceMs: 30_000 });
    const probe = (ts: number, ok: boolean, ms: number) => {
      const r = result('billing', 'health', ts, { ok, ms });
      prober.store.recordResult(r);
      other.store.observeRemote(r);
    };
    const read = (store: PgResultStore, stepMs: number) =>
      store.history({ serviceId: 'billing', fromMs: T0, toMs: T0 + 2 * H, stepMs });
    const same = async () => {
      for (const stepMs of [MIN, H])
        expect(await read(other.store, stepMs)).toEqual(await read(prober.store, stepMs));
    };
    for (let i = 0; i < 6; i++) probe(start + i * 15_000, i % 3 !== 0, 5 + i * 7);
    // not written yet: the other gateway sees nothing of the open buckets (the documented lag)
    expect((await read(other.store, H)).reduce((n, p) => n + p.count, 0)).toBe(0);
    await prober.store.flush(); // raw rows written; the minute and hour buckets still open
    await other.store.flush();
    expect((await read(other.store, H)).reduce((n, p) => n + p.count, 0)).toBe(6);
    await same();
    // the first minute closed and written by the prober, the second and the hour still open
    await clock.advance(MIN + 2000);
    probe(start + 2 * MIN + 500, false, 400);
    await prober.store.flush();
    await other.store.flush();
    await same();
    // the hour closed too: every row is stored, and none counted twice
    await clock.advance(2 * MIN);
    await prober.store.flush();
    await other.store.flush();
    await same();
    expect((await read(other.store, H)).reduce((n, p) => n + p.count, 0)).toBe(7);
    for (const table of ['rollup_minute', 'rollup_hour'])
      expect(await count(other.pool, `SELECT count(*) AS n FROM ${table}`)).toBe(
        table === 'rollup_minute' ? 3 : 1,
      );
  });

  it('finds checks another gateway created after this one opened', async () => {
    const a = await open();
    const b = await open({ database: a.database, clock: a.clock });
    a.store.recordResult(result('orders', 'health', T0 + 1000));
    await a.clock.advance(2 * MIN);
    await a.store.flush();
    const [point] = await b.store.history({
      serviceId: 'orders',
      fromMs: T0,
      toMs: T0 + MIN,
      stepMs: MIN,
    });
    expect(point!.count).toBe(1);
  });
});

function postgresAddress(): { host: string; port: number } {
  const url = new URL(TEST_POSTGRES_URL);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
