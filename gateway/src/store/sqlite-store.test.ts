import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { openDatabase } from './database.js';
import { SqliteResultStore } from './sqlite-store.js';
import { result, resultStoreSuite } from './store.suite.js';

resultStoreSuite(
  'SqliteResultStore',
  (options) => new SqliteResultStore(openDatabase(':memory:'), options),
);

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
    const T0 = Date.UTC(2026, 0, 1);
    const clock = new FakeClock(T0);
    let db = openDatabase(path);
    let store = new SqliteResultStore(db, { clock, closeGraceMs: 1000 });
    // 90 minutes of one result per minute: the first hour gets closed, the rest stays open
    for (let i = 0; i < 90; i++)
      store.recordResult(result('orders', 'health', T0 + i * 60_000, { ok: i % 10 !== 0, ms: 20 }));
    await clock.advance(75 * 60_000);
    store.saveCheckState({
      serviceId: 'orders',
      checkId: 'health',
      status: 'up',
      since: new Date(T0).toISOString(),
      consecutiveFailures: 0,
      consecutiveSuccesses: 9,
      lastResult: null,
    });
    const incident = await store.openIncident({
      serviceId: 'orders',
      checkId: 'health',
      status: 'down',
      startedAt: new Date(T0).toISOString(),
      cause: 'refused',
    });
    /** What a restart must not change: hour and minute history, a week's uptime. */
    const snapshot = async () => ({
      hours: await store.history({
        serviceId: 'orders',
        fromMs: T0,
        toMs: T0 + 2 * 3_600_000,
        stepMs: 3_600_000,
      }),
      minutes: await store.history({
        serviceId: 'orders',
        fromMs: T0,
        toMs: T0 + 90 * 60_000,
        stepMs: 60_000,
      }),
      uptime: await store.uptimeByService(clock.now() - 7 * 86_400_000, clock.now()),
    });
    const before = await snapshot();
    await store.close();
    db.close();

    db = openDatabase(path);
    store = new SqliteResultStore(db, { clock, closeGraceMs: 1000 });
    expect(await snapshot()).toEqual(before);
    expect(before.uptime.get('orders')).toEqual({ count: 90, failures: 9 });
    expect(await store.loadCheckStates()).toHaveLength(1);
    expect((await store.openIncidents()).map((i) => i.id)).toEqual([incident.id]);
    // the still-open hour closes after the restart with every result of it, not only the new ones
    await clock.advance(3 * 3_600_000);
    await store.flush();
    expect(
      (
        await store.history({
          serviceId: 'orders',
          fromMs: T0,
          toMs: T0 + 2 * 3_600_000,
          stepMs: 3_600_000,
        })
      ).map((p) => p.count),
    ).toEqual([60, 30]);
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
