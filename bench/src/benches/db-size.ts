import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bench } from '../run.js';
import type { Figure } from '../lib/report.js';
import {
  loadGatewayStore,
  ManualClock,
  mulberry32,
  syntheticResult,
} from '../lib/gateway-store.js';
import { tableStats } from '../lib/db-stats.js';
import { figure } from '../lib/figure.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GiB = 2 ** 30;
const MiB = 2 ** 20;

const CHECKS = 10_000;
const INTERVAL_MS = 10_000;

const fileBytes = (file: string) =>
  [file, `${file}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);

/**
 * Runs the gateway's own SqliteResultStore on a simulated clock (N checks at 10 s, flushed every
 * second as the gateway does, pruned every 10 minutes as the monitor does) with the retention
 * scaled down so steady state comes within the run, and samples the file size after each prune:
 * flat after warm-up means the pruned pages are reused. The bytes per row it measures (dbstat)
 * then project the size for 10,000 checks at 10 s with the default retention.
 */
export const dbSize: Bench = {
  name: 'db-size',
  async run(options) {
    // the gateway's own default retention (config storage.retention), from the built gateway
    const {
      openDatabase,
      SqliteResultStore,
      DEFAULT_RETENTION: DEFAULT,
    } = await loadGatewayStore();
    const span = (ms: number) => (ms % DAY === 0 ? `${ms / DAY} d` : `${ms / HOUR} h`);
    const n = options.quick ? 100 : 500;
    const retention = options.quick
      ? { rawMs: 10 * MINUTE, minuteMs: 20 * MINUTE, hourMs: 2 * HOUR }
      : { rawMs: 30 * MINUTE, minuteMs: 1 * HOUR, hourMs: 3 * HOUR };
    const simulatedMs = retention.hourMs + 2 * HOUR;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-db-'));
    const file = path.join(dir, 'aether.db');
    try {
      const db = openDatabase(file);
      const start = Date.UTC(2026, 0, 1);
      const clock = new ManualClock(start);
      const store = new SqliteResultStore(db, { clock, retention });
      const random = mulberry32(7);
      const samples: { atMs: number; bytes: number }[] = [];
      const t0 = performance.now();
      let nextPrune = start + 10 * MINUTE;
      for (let t = start; t < start + simulatedMs; t += 1_000) {
        clock.current = t;
        // each check fires once per interval, its phase spread over the interval
        for (let i = (t / 1_000) % 10; i < n; i += INTERVAL_MS / 1_000)
          store.recordResult(syntheticResult(`s${i}`, 'http', t, random));
        await store.flush();
        if (t >= nextPrune) {
          await store.prune(t);
          samples.push({ atMs: t - start, bytes: fileBytes(file) });
          nextPrune += 10 * MINUTE;
        }
      }
      const stats = tableStats(db);
      await store.close();
      db.close();
      const seconds = (performance.now() - t0) / 1000;
      options.log(
        `simulated ${(simulatedMs / HOUR).toFixed(1)} h of ${n} checks at 10 s in ${seconds.toFixed(0)} s`,
      );

      // steady state: the last hour against the hour before it (retention fully applied by then)
      const at = (ms: number) => samples.filter((s) => s.atMs <= ms).at(-1)!.bytes;
      const end = at(simulatedMs);
      const hourBefore = at(simulatedMs - HOUR);
      const growth = (end - hourBefore) / hourBefore;

      const rowsPerCheck = {
        raw: DEFAULT.rawMs / INTERVAL_MS,
        minute: DEFAULT.minuteMs / MINUTE,
        hour: DEFAULT.hourMs / HOUR,
        // the daily tier: one row per check and day (same shape as an hour row)
        day: DEFAULT.dayMs / DAY,
      };
      // hour rows have the minute rows' shape; a table of a few hundred rows is mostly page slack,
      // so the minute figure stands in for it until the simulation holds enough hour rows
      const hourMeasured = stats.rollup_hour.rows >= 20_000;
      const b = {
        raw: stats.results_raw.bytesPerRow,
        minute: stats.rollup_minute.bytesPerRow,
        hour: hourMeasured ? stats.rollup_hour.bytesPerRow : stats.rollup_minute.bytesPerRow,
      };
      const projected = {
        raw: CHECKS * rowsPerCheck.raw * b.raw,
        minute: CHECKS * rowsPerCheck.minute * b.minute,
        hour: CHECKS * rowsPerCheck.hour * b.hour,
        day: CHECKS * rowsPerCheck.day * b.hour,
      };
      const total = projected.raw + projected.minute + projected.hour + projected.day;
      const formula =
        `size = checks × (raw/interval × B_raw + rollup/1 min × B_minute + hourly/1 h × B_hour + daily/1 d × B_hour) = ` +
        `10,000 × (${rowsPerCheck.raw.toLocaleString('en')} × ${b.raw.toFixed(1)} B + ${rowsPerCheck.minute.toLocaleString('en')} × ${b.minute.toFixed(1)} B + ${rowsPerCheck.hour.toLocaleString('en')} × ${b.hour.toFixed(1)} B + ${rowsPerCheck.day.toLocaleString('en')} × ${b.hour.toFixed(1)} B) ` +
        `= ${(projected.raw / GiB).toFixed(2)} + ${(projected.minute / GiB).toFixed(2)} + ${(projected.hour / GiB).toFixed(2)} + ${(projected.day / GiB).toFixed(2)} GiB ` +
        `(bytes per row from dbstat: ${stats.results_raw.rows.toLocaleString('en')} raw, ${stats.rollup_minute.rows.toLocaleString('en')} minute, ${stats.rollup_hour.rows.toLocaleString('en')} hour rows${hourMeasured ? '' : '; B_hour taken as B_minute: same row shape, too few hour rows to measure'})`;
      const figures: Figure[] = [
        figure(
          'DB size at steady state: growth over the last simulated hour',
          growth * 100,
          '%',
          'flat after warm-up (≤ 5 %)',
          Math.abs(growth) <= 0.05,
          `${n} checks at 10 s, retention scaled to raw ${retention.rawMs / MINUTE} min / minute ${retention.minuteMs / MINUTE} min / hour ${retention.hourMs / HOUR} h, pruned every 10 min; file ${(hourBefore / MiB).toFixed(1)} → ${(end / MiB).toFixed(1)} MiB; sizes after each prune (MiB): ${samples.map((s) => (s.bytes / MiB).toFixed(1)).join(', ')}`,
        ),
        figure(
          `DB size projected: 10,000 checks at 10 s, default retention (raw ${span(DEFAULT.rawMs)}, minute ${span(DEFAULT.minuteMs)}, hour ${span(DEFAULT.hourMs)}, day ${span(DEFAULT.dayMs)})`,
          total / GiB,
          'GiB',
          '≤ 2 GB',
          total <= 2e9,
          formula,
        ),
        figure(
          `  of which raw results (${span(DEFAULT.rawMs)})`,
          projected.raw / GiB,
          'GiB',
          '—',
          null,
        ),
        figure(
          `  of which minute rollups (${span(DEFAULT.minuteMs)})`,
          projected.minute / GiB,
          'GiB',
          '—',
          null,
        ),
        figure(
          `  of which hour rollups (${span(DEFAULT.hourMs)})`,
          projected.hour / GiB,
          'GiB',
          '—',
          null,
        ),
        figure(
          `  of which day rollups (${span(DEFAULT.dayMs)})`,
          projected.day / GiB,
          'GiB',
          '—',
          null,
        ),
      ];
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
