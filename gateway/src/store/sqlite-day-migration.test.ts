import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { openDatabase } from './database.js';
import { currentVersion, migrate } from './migrate.js';
import { RESULT_MIGRATIONS } from './sqlite-result-schema.js';
import { SqliteResultStore } from './sqlite-store.js';
import { result } from './store.suite.js';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 0, 1);

describe('results schema 2: the daily tier on an existing database', () => {
  it('folds the closed hours of a version-1 database into days, then keeps folding', async () => {
    const db = openDatabase(':memory:');
    migrate(db, 'results', RESULT_MIGRATIONS.slice(0, 1));
    db.prepare(
      "INSERT INTO result_checks (key, service_id, check_id) VALUES (1, 'orders', 'health')",
    ).run();
    const hour = db.prepare(
      'INSERT INTO rollup_hour (check_key, bucket, count, failures, worst, p50, p95, p99) VALUES (1, ?, ?, ?, ?, ?, ?, ?)',
    );
    // day 1: 24 hours of 360 results, one hour with 36 failures and the busiest of all
    for (let h = 0; h < 24; h++)
      hour.run(
        T0 + h * H,
        h === 5 ? 400 : 360,
        h === 5 ? 36 : 0,
        h === 5 ? 3 : 1,
        20,
        30,
        h === 5 ? 90 : 40,
      );
    // day 2: two closed hours; the gateway stopped at T0 + 1d + 2h
    hour.run(T0 + D, 360, 0, 1, 20, 30, 40);
    hour.run(T0 + D + H, 360, 0, 1, 20, 30, 40);
    db.prepare("INSERT INTO results_meta (key, value) VALUES ('watermark.hour', ?)").run(
      T0 + D + 2 * H,
    );

    const clock = new FakeClock(T0 + D + 2 * H);
    const store = new SqliteResultStore(db, { clock, closeGraceMs: 1000 });
    expect(currentVersion(db, 'results')).toBe(2);
    expect(db.prepare('SELECT bucket, count, failures, worst, p99 FROM rollup_day').all()).toEqual([
      { bucket: T0, count: 23 * 360 + 400, failures: 36, worst: 3, p99: 90 },
    ]);
    // day 2 goes on after the upgrade and is folded from its hours once it ends
    for (let t = D + 2 * H; t < 2 * D; t += 10_000)
      store.recordResult(result('orders', 'health', T0 + t, { ms: 20 }));
    await clock.advance(D);
    await store.flush();
    const days = { serviceId: 'orders', fromMs: T0, toMs: T0 + 2 * D, stepMs: D };
    const points = await store.history(days);
    expect(points.map((p) => [p.count, p.failures])).toEqual([
      [23 * 360 + 400, 36],
      [24 * 360, 0],
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM rollup_day WHERE bucket = ?').get(T0 + D)).toEqual(
      { n: 1 },
    );
    await store.close();
    db.close();
  });

  it('a fresh database gets the day table and no watermark to fold from', () => {
    const db = openDatabase(':memory:');
    new SqliteResultStore(db, { clock: new FakeClock(T0) });
    expect(
      db.prepare("SELECT COUNT(*) AS n FROM results_meta WHERE key = 'watermark.day'").get(),
    ).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM rollup_day').get()).toEqual({ n: 0 });
    db.close();
  });
});
