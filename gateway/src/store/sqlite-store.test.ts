import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { openDatabase } from './database.js';
import { SqliteResultStore } from './sqlite-store.js';
import {
  expectResumesAfterRestart,
  refusedIncident,
  result,
  resultStoreSuite,
} from './store.suite.js';

resultStoreSuite(
  'SqliteResultStore',
  (options) => new SqliteResultStore(openDatabase(':memory:'), options),
);

/** Counts the event loop's turns from now until stop(): a store's long job must leave some. */
function countLoopTurns() {
  let turns = 0;
  let counting = true;
  const count = () => {
    turns++;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  return {
    stop() {
      counting = false;
      return turns;
    },
  };
}

describe('SqliteResultStore on a file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempPath = () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-store-'));
    dirs.push(dir);
    return join(dir, 'nested', 'aether.db');
  };

  it('resumes after a restart: results, open rollup buckets, uptime, states and incidents', async () => {
    const path = tempPath();
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    let db = openDatabase(path);
    let store = new SqliteResultStore(db, { clock, closeGraceMs: 1000 });
    await expectResumesAfterRestart(clock, store, async () => {
      db.close();
      db = openDatabase(path);
      store = new SqliteResultStore(db, { clock, closeGraceMs: 1000 });
      return store;
    });
    await store.close();
    db.close();
  });

  it('opens in WAL mode with the agreed pragmas', async () => {
    const db = openDatabase(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });
});

describe("SqliteResultStore: a turn's incident writes, one transaction", () => {
  it('commits the writes of one turn together, visible to reads in the turn, by the next turn and by close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-store-'));
    const path = join(dir, 'aether.db');
    const errors: unknown[] = [];
    const db = openDatabase(path);
    const store = new SqliteResultStore(db, { onError: (error) => errors.push(error) });
    // a second connection sees only what is committed
    const other = new Database(path, { readonly: true });
    const committed = () =>
      other.prepare('SELECT id, ended_at AS endedAt FROM incidents ORDER BY started_at').all();
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    try {
      const first = await store.openIncident(refusedIncident(Date.UTC(2026, 0, 1)));
      await store.closeIncident(first.id, new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString());
      const second = await store.openIncident(refusedIncident(Date.UTC(2026, 0, 1, 0, 1)));
      // a write that fails (NOT NULL) undoes itself only and throws to its caller
      await expect(
        store.openIncident({ ...refusedIncident(Date.UTC(2026, 0, 1, 0, 2)), cause: null! }),
      ).rejects.toThrow(/NOT NULL/);
      expect(db.inTransaction).toBe(true);
      expect(committed()).toEqual([]);
      expect((await store.openIncidents()).map((i) => i.id)).toEqual([second.id]);
      expect((await store.listIncidents('orders', 10)).map((i) => i.id)).toEqual([
        second.id,
        first.id,
      ]);

      await nextTurn();
      expect(db.inTransaction).toBe(false);
      expect(committed()).toEqual([
        { id: first.id, endedAt: new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString() },
        { id: second.id, endedAt: null },
      ]);

      // closing twice keeps the first end (the row read back only then)
      const again = await store.closeIncident(
        first.id,
        new Date(Date.UTC(2026, 0, 2)).toISOString(),
      );
      expect(again?.endedAt).toBe(new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString());
      await store.closeIncident(second.id, new Date(Date.UTC(2026, 0, 1, 0, 3)).toISOString());
      expect(db.inTransaction).toBe(true);
      await store.close();
      expect(db.inTransaction).toBe(false);
      db.close(); // would roll back what was not committed
      expect(committed()).toEqual([
        { id: first.id, endedAt: new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString() },
        { id: second.id, endedAt: new Date(Date.UTC(2026, 0, 1, 0, 3)).toISOString() },
      ]);
      expect(errors).toEqual([]);
    } finally {
      other.close();
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tries the COMMIT again next turn when a query still holds the connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-store-'));
    const path = join(dir, 'aether.db');
    const db = openDatabase(path);
    const errors: unknown[] = [];
    const store = new SqliteResultStore(db, { onError: (error) => errors.push(error) });
    const other = new Database(path, { readonly: true });
    const count = () =>
      (other.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    try {
      await store.openIncident(refusedIncident(Date.UTC(2026, 0, 1)));
      const rows = db.prepare('SELECT id FROM incidents').iterate();
      rows.next();
      await nextTurn();
      expect(errors).toHaveLength(1);
      expect(db.inTransaction).toBe(true);
      expect(count()).toBe(0);
      rows.return?.();
      await nextTurn();
      expect(db.inTransaction).toBe(false);
      expect(count()).toBe(1);
      await store.close();
    } finally {
      other.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("commits the turn's incident writes before a flush, which stays its own transaction", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-store-'));
    const path = join(dir, 'aether.db');
    const db = openDatabase(path);
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const store = new SqliteResultStore(db, { clock });
    const other = new Database(path, { readonly: true });
    const count = (table: string) =>
      (other.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    try {
      await store.openIncident(refusedIncident(clock.now()));
      store.recordResult(result('orders', 'health', clock.now()));
      expect(count('incidents')).toBe(0);
      // the flush's write runs before flush() returns its promise: no turn has ended yet
      const flushed = store.flush();
      expect(db.inTransaction).toBe(false);
      expect(count('incidents')).toBe(1);
      expect(count('results_raw')).toBe(1);
      await flushed;
      // a write after the flush begins the next transaction of the same turn
      await store.openIncident(refusedIncident(clock.now() + 1000));
      expect(db.inTransaction).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(count('incidents')).toBe(2);
      await store.close();
    } finally {
      other.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SqliteResultStore: pruning', () => {
  it('prunes a large fleet a slice at a time, letting the event loop run between slices', async () => {
    const H = 3_600_000;
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const store = new SqliteResultStore(openDatabase(':memory:'), {
      clock,
      flushIntervalMs: H,
      retention: { rawMs: H },
    });
    for (let i = 0; i < 1200; i++) store.recordResult(result(`s${i}`, 'http', clock.now()));
    await store.flush();
    await clock.advance(2 * H);
    const loop = countLoopTurns();
    // one transaction for every check held the loop until all were done (0 turns)
    expect(await store.prune(clock.now())).toBe(1200);
    expect(loop.stop()).toBeGreaterThanOrEqual(2);
    await store.close();
  });
});

describe('SqliteResultStore: the top of the hour', () => {
  it("closes a fleet's hour in the flush after the one that closes its last minute", async () => {
    const H = 3_600_000;
    const start = Date.UTC(2026, 0, 1, 0, 59);
    const clock = new FakeClock(start);
    const db = openDatabase(':memory:');
    const store = new SqliteResultStore(db, { clock, closeGraceMs: 1000, flushIntervalMs: 1000 });
    for (let i = 0; i < 1200; i++) store.recordResult(result(`s${i}`, 'http', start + i));
    const rows = (table: string) =>
      db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

    await clock.advance(H / 60 + 1000); // the timed flush at 01:00:01 closes 00:59 and the hour 00:00
    expect(rows('rollup_minute')).toBe(1200);
    expect(rows('rollup_hour')).toBe(0);
    await clock.advance(1000);
    expect(rows('rollup_hour')).toBe(1200);
    const points = await store.history({
      serviceId: 's7',
      fromMs: start - H,
      toMs: start + H,
      stepMs: H,
    });
    expect(points.filter((p) => p.count > 0).map((p) => p.count)).toEqual([1]);
    await store.close();
  });

  it('writes both at once when flushed on demand', async () => {
    const start = Date.UTC(2026, 0, 1, 0, 59);
    const clock = new FakeClock(start);
    const db = openDatabase(':memory:');
    const store = new SqliteResultStore(db, {
      clock,
      closeGraceMs: 1000,
      flushIntervalMs: 3_600_000,
    });
    for (let i = 0; i < 1200; i++) store.recordResult(result(`s${i}`, 'http', start + i));
    await clock.advance(62_000);
    await store.flush();
    expect(db.prepare('SELECT count(*) FROM rollup_hour').pluck().get()).toBe(1200);
    await store.close();
  });
});

describe('SqliteResultStore: check states', () => {
  it('writes a flush of states a slice per turn, and loads the latest of each while it does', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const db = openDatabase(':memory:');
    const store = new SqliteResultStore(db, { clock, flushIntervalMs: 3_600_000 });
    const state = (i: number, successes: number) => ({
      serviceId: `s${i}`,
      checkId: 'http',
      status: 'up' as const,
      since: null,
      consecutiveFailures: 0,
      consecutiveSuccesses: successes,
      lastResult: result(`s${i}`, 'http', clock.now()),
    });
    for (let i = 0; i < 1000; i++) store.saveCheckState(state(i, 1));
    const stored = () => db.prepare('SELECT count(*) FROM check_states').pluck().get() as number;
    const loop = countLoopTurns();
    const flushed = store.flush();
    // the first slice is written by the flush itself, the rest after turns of the loop
    expect(stored()).toBe(250);
    store.saveCheckState(state(999, 2)); // a newer state of one not written yet
    const loaded = await store.loadCheckStates();
    expect(loaded).toHaveLength(1000);
    expect(loaded.find((s) => s.serviceId === 's999')?.consecutiveSuccesses).toBe(2);
    await flushed;
    // in one transaction the loop had no turn until all were written
    expect(loop.stop()).toBeGreaterThanOrEqual(2);
    expect(stored()).toBe(1000);
    const reloaded = await store.loadCheckStates();
    expect(reloaded.find((s) => s.serviceId === 's999')?.consecutiveSuccesses).toBe(2);
    await store.close();
  });
});

describe("SqliteResultStore: a fleet's close, a slice of checks at a time", () => {
  const H = 3_600_000;
  const start = Date.UTC(2026, 0, 1, 0, 59);
  const CHECKS = 2500; // 3 slices of the minute close, then 3 of the hour's
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const open = (path = ':memory:') => {
    if (path !== ':memory:') return openDatabase(path);
    const dir = mkdtempSync(join(tmpdir(), 'aether-close-'));
    dirs.push(dir);
    return openDatabase(join(dir, 'aether.db'));
  };
  /** Every check's results of 00:59, some failed, at several latencies. */
  const record = (store: SqliteResultStore) => {
    for (let i = 0; i < CHECKS; i++)
      for (let k = 0; k < 3; k++)
        store.recordResult(
          result(`s${i}`, 'http', start + k * 20_000 + (i % 1000), {
            ok: (i + k) % 7 !== 0,
            ms: 5 + ((i * 3 + k) % 90),
          }),
        );
  };
  const tables = (db: ReturnType<typeof openDatabase>) => ({
    minute: db.prepare('SELECT * FROM rollup_minute ORDER BY check_key, bucket').all(),
    hour: db.prepare('SELECT * FROM rollup_hour ORDER BY check_key, bucket').all(),
    meta: db.prepare(`SELECT * FROM results_meta ORDER BY key`).all(),
  });
  /** Calls `after(n)` right after the n-th slice of the store is written. */
  const onSlice = (store: SqliteResultStore, after: (n: number) => void) => {
    const target = store as unknown as { writeNextSlice: (close: unknown) => void };
    const write = target.writeNextSlice.bind(store);
    let n = 0;
    target.writeNextSlice = (close) => {
      write(close);
      after(++n);
    };
  };
  const options = (clock: FakeClock) => ({ clock, closeGraceMs: 1000, flushIntervalMs: 1000 });

  /** The store written without a restart: what every restart below must end with. */
  async function unbroken() {
    const clock = new FakeClock(start);
    const db = open();
    const store = new SqliteResultStore(db, options(clock));
    record(store);
    await clock.advance(62_000);
    await store.flush();
    const written = tables(db);
    const uptime = await store.uptimeByService(start - H, start + H);
    await store.close();
    db.close();
    return { written, uptime };
  }

  it('leaves the event loop turns while it writes, and reads made half way count every result once', async () => {
    const clock = new FakeClock(start);
    const db = open();
    const store = new SqliteResultStore(db, options(clock));
    record(store);
    const minuteOf = async (serviceId: string) =>
      (await store.history({ serviceId, fromMs: start, toMs: start + 60_000, stepMs: 60_000 }))
        .map((p) => [p.count, p.failures])
        .join();
    const hourOf = async (serviceId: string) =>
      (
        await store.history({
          serviceId,
          fromMs: start - 59 * 60_000,
          toMs: start + 60_000,
          stepMs: H,
        })
      )
        .map((p) => p.count)
        .join();
    const before = [await minuteOf('s5'), await minuteOf('s2400'), await hourOf('s2400')];
    const halfWay = new Promise<{ rows: unknown; reads: string[] }>((resolve) =>
      onSlice(store, (n) => {
        if (n !== 1) return;
        const rows = db.prepare('SELECT count(*) FROM rollup_minute').pluck().get();
        // in the same turn as the first slice, before the next one
        void Promise.all([minuteOf('s5'), minuteOf('s2400'), hourOf('s2400')]).then((reads) =>
          resolve({ rows, reads }),
        );
      }),
    );
    const loop = countLoopTurns();
    await clock.advance(61_000); // the flush at 01:00:01 closes 00:59: its first slice waits a turn
    await store.flush();
    const turns = loop.stop();
    const { rows, reads } = await halfWay;
    expect(rows).toBe(1000); // s5 written, s2400 not yet
    expect(reads).toEqual(before);
    expect(before[0]).not.toBe('');
    expect([await minuteOf('s5'), await minuteOf('s2400'), await hourOf('s2400')]).toEqual(before);
    expect(turns).toBeGreaterThanOrEqual(6);
    const written = tables(db);
    expect([written.minute.length, written.hour.length]).toEqual([CHECKS, CHECKS]);
    expect(written.meta.map((m) => (m as { key: string }).key)).not.toContain('close.minute');
    await store.close();
  });

  it('takes a close up again after a slice whose write failed, with the same rollups in the end', async () => {
    const expected = await unbroken();
    const clock = new FakeClock(start);
    const db = open();
    const errors: unknown[] = [];
    const store = new SqliteResultStore(db, { ...options(clock), onError: (e) => errors.push(e) });
    const target = store as unknown as { writeCloseSlice: (...args: unknown[]) => void };
    const write = target.writeCloseSlice;
    let writes = 0;
    target.writeCloseSlice = (...args) => {
      if (++writes === 2) throw new Error('disk I/O error');
      write(...args);
    };
    record(store);
    while (errors.length === 0) await clock.advance(1000);
    expect(db.prepare('SELECT count(*) FROM rollup_minute').pluck().get()).toBe(1000);
    await store.flush(); // the next flush writes the rest
    expect(tables(db)).toEqual(expected.written);
    expect(await store.uptimeByService(start - H, start + H)).toEqual(expected.uptime);
    await store.close();
  });

  it.each([1, 2, 4, 5])(
    'a restart after slice %i ends with the rollups and uptime of a close never cut',
    async (cutAfter) => {
      const expected = await unbroken();
      const clock = new FakeClock(start);
      const db = open();
      const path = db.name;
      let store = new SqliteResultStore(db, options(clock));
      record(store);
      let cut = false;
      onSlice(store, (n) => {
        if (n !== cutAfter) return;
        // a crash: nothing more reaches the file
        cut = true;
        db.close();
      });
      while (!cut) await clock.advance(1000);
      const reopened = open(path);
      store = new SqliteResultStore(reopened, options(clock));
      await store.flush();
      expect(tables(reopened)).toEqual(expected.written);
      expect(await store.uptimeByService(start - H, start + H)).toEqual(expected.uptime);
      await store.close();
      reopened.close();
    },
  );
});

describe('SqliteResultStore: folding a day', () => {
  it('folds a large fleet in slices after the flush, and a fold redone after a restart replaces its rows', async () => {
    const H = 3_600_000;
    const D = 24 * H;
    const day = Date.UTC(2026, 0, 1);
    const clock = new FakeClock(day + 23 * H);
    const db = openDatabase(':memory:');
    const options = { clock, closeGraceMs: 1000, flushIntervalMs: D };
    let store = new SqliteResultStore(db, options);
    for (let i = 0; i < 1200; i++) store.recordResult(result(`s${i}`, 'http', day + 23 * H + i));
    await store.flush();
    const dayRows = () =>
      db.prepare('SELECT count(*) AS rows, sum(count) AS results FROM rollup_day').get();
    const dayMark = () =>
      db.prepare(`SELECT value FROM results_meta WHERE key = 'watermark.day'`).pluck().get();

    await clock.advance(H + 2000); // the day's last hour is closed by the next flush
    const loop = countLoopTurns();
    await store.flush();
    const turns = loop.stop();
    expect(dayRows()).toEqual({ rows: 1200, results: 1200 });
    expect(dayMark()).toBe(day + D);
    // folded in the flush itself, the loop had no turn until all 1,200 were written
    expect(turns).toBeGreaterThanOrEqual(3);

    // a restart before the mark was written: the next flush folds the day again
    await store.close();
    db.prepare(`UPDATE results_meta SET value = ? WHERE key = 'watermark.day'`).run(day);
    store = new SqliteResultStore(db, options);
    await store.flush();
    expect(dayRows()).toEqual({ rows: 1200, results: 1200 });
    expect(dayMark()).toBe(day + D);
    const points = await store.history({
      serviceId: 's7',
      fromMs: day - 30 * D,
      toMs: clock.now(),
      stepMs: D,
    });
    expect(points.filter((p) => p.count > 0).map((p) => [p.t.slice(0, 10), p.count])).toEqual([
      ['2026-01-01', 1],
    ]);
    await store.close();
  });
});

describe('SqliteResultStore: long ranges of the day tier (read once per check, then kept)', () => {
  const H = 3_600_000;
  const D = 24 * H;

  it('shows a day folded after the previous read and drops a pruned one, however often read before', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const T0 = clock.now();
    const store = new SqliteResultStore(openDatabase(':memory:'), {
      clock,
      closeGraceMs: 1000,
      flushIntervalMs: H,
      retention: { hourMs: 2 * D, dayMs: 30 * D },
    });
    const daysWithData = async () =>
      (
        await store.history({
          serviceId: 'orders',
          fromMs: clock.now() - 365 * D,
          toMs: clock.now(),
          stepMs: D,
        })
      )
        .filter((p) => p.count > 0)
        .map((p) => [p.t.slice(0, 10), p.count]);
    store.recordResult(result('orders', 'health', T0 + H));
    await clock.advance(2 * D);
    await store.flush();
    expect(await daysWithData()).toEqual([['2026-01-01', 1]]);
    expect(await daysWithData()).toEqual([['2026-01-01', 1]]); // the second read is the kept one

    // a later day is folded (written) after those reads: the next read has it
    store.recordResult(result('orders', 'health', T0 + 2 * D + H));
    store.recordResult(result('orders', 'health', T0 + 2 * D + 2 * H));
    await clock.advance(2 * D);
    await store.flush();
    expect(await daysWithData()).toEqual([
      ['2026-01-01', 1],
      ['2026-01-03', 2],
    ]);

    // the first day leaves with the day retention: the next read no longer has it
    await clock.advance(27 * D);
    await store.prune(clock.now());
    expect(await daysWithData()).toEqual([['2026-01-03', 2]]);
    await store.close();
  });
});
