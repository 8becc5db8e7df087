import type Database from 'better-sqlite3';
import type { Incident } from '@aether/contract';
import type { RollupRow } from './rollup-builder.js';

/**
 * Schema of the "results" domain. Raw results and rollups are WITHOUT ROWID tables keyed by
 * (check, time): a history query is one range seek per check, pruning is one range delete
 * per check, and no second index doubles the size. Raw rows keep only what history needs
 * (latency in whole µs, status as severity); the full last result lives in check_states.
 */
export const RESULT_MIGRATIONS = [
  `CREATE TABLE result_checks (
     key INTEGER PRIMARY KEY,
     service_id TEXT NOT NULL,
     check_id TEXT NOT NULL,
     UNIQUE (service_id, check_id)
   );
   CREATE TABLE results_raw (
     check_key INTEGER NOT NULL, ts INTEGER NOT NULL, status INTEGER NOT NULL, success INTEGER NOT NULL, latency_us INTEGER NOT NULL,
     PRIMARY KEY (check_key, ts)
   ) WITHOUT ROWID;
   CREATE TABLE rollup_minute (
     check_key INTEGER NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL, failures INTEGER NOT NULL, worst INTEGER NOT NULL,
     p50 REAL, p95 REAL, p99 REAL,
     PRIMARY KEY (check_key, bucket)
   ) WITHOUT ROWID;
   CREATE TABLE rollup_hour (
     check_key INTEGER NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL, failures INTEGER NOT NULL, worst INTEGER NOT NULL,
     p50 REAL, p95 REAL, p99 REAL,
     PRIMARY KEY (check_key, bucket)
   ) WITHOUT ROWID;
   CREATE TABLE results_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE check_states (
     service_id TEXT NOT NULL, check_id TEXT NOT NULL, state TEXT NOT NULL,
     PRIMARY KEY (service_id, check_id)
   ) WITHOUT ROWID;
   CREATE TABLE incidents (
     id TEXT PRIMARY KEY, service_id TEXT NOT NULL, check_id TEXT NOT NULL, status TEXT NOT NULL,
     started_at TEXT NOT NULL, ended_at TEXT, cause TEXT NOT NULL
   );
   CREATE INDEX incidents_by_service ON incidents (service_id, started_at);
   CREATE INDEX incidents_open ON incidents (ended_at) WHERE ended_at IS NULL;`,
  /*
   * 2: the daily tier. The hours already closed (before watermark.hour) are folded into days
   * now, so a year of history has data after the upgrade; from here on the store folds each day
   * once its last hour is written (day-fold.ts). Here a day's quantiles are those of its busiest
   * hour (SQLite's bare column beside MAX(count)), a cheaper approximation than the store's
   * count-weighted one, for the days before the upgrade only.
   */
  `CREATE TABLE rollup_day (
     check_key INTEGER NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL, failures INTEGER NOT NULL, worst INTEGER NOT NULL,
     p50 REAL, p95 REAL, p99 REAL,
     PRIMARY KEY (check_key, bucket)
   ) WITHOUT ROWID;
   INSERT INTO rollup_day (check_key, bucket, count, failures, worst, p50, p95, p99)
     SELECT check_key, day, total, failed, worst, p50, p95, p99 FROM (
       SELECT check_key, bucket - bucket % 86400000 AS day, SUM(count) AS total, SUM(failures) AS failed,
              MAX(worst) AS worst, MAX(count), p50, p95, p99
       FROM rollup_hour
       WHERE bucket < (SELECT value - value % 86400000 FROM results_meta WHERE key = 'watermark.hour')
       GROUP BY check_key, day
     );
   INSERT INTO results_meta (key, value)
     SELECT 'watermark.day', value - value % 86400000 FROM results_meta WHERE key = 'watermark.hour';`,
];

export interface IncidentRow {
  id: string;
  service_id: string;
  check_id: string;
  status: 'down' | 'degraded';
  started_at: string;
  ended_at: string | null;
  cause: string;
}

/** A RollupRow as its table names it. */
export type RollupDbRow = Omit<RollupRow, 'checkKey'> & { check_key: number };

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    serviceId: row.service_id,
    checkId: row.check_id,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs:
      row.ended_at === null
        ? null
        : Math.max(0, Date.parse(row.ended_at) - Date.parse(row.started_at)),
    cause: row.cause,
  };
}

/** A rollup row as rangeArrays returns it. */
export type RollupArrayRow = [
  bucket: number,
  count: number,
  failures: number,
  worst: number,
  p50: number | null,
  p95: number | null,
  p99: number | null,
];

type Statement = Database.Statement;

/** Statements of one rollup table. */
export interface RollupStatements {
  upsert: Statement;
  range: Statement;
  rangeArrays: Statement;
  prune: Statement;
}

/** Every statement the result store runs, prepared once. */
export interface ResultStatements {
  insertCheck: Statement;
  insertRaw: Statement;
  rawRange: Statement;
  pruneRaw: Statement;
  minute: RollupStatements;
  hour: RollupStatements;
  day: RollupStatements;
  setMeta: Statement;
  saveState: Statement;
  loadStates: Statement;
  insertIncident: Statement;
  closeIncident: Statement;
  getIncident: Statement;
  openIncidents: Statement;
  listIncidents: Statement;
}

export function prepareStatements(db: Database.Database): ResultStatements {
  const rollup = (table: string): RollupStatements => ({
    upsert: db.prepare(
      `INSERT INTO ${table} (check_key, bucket, count, failures, worst, p50, p95, p99) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (check_key, bucket) DO UPDATE SET
         p50 = CASE WHEN excluded.count > count THEN excluded.p50 ELSE p50 END,
         p95 = CASE WHEN excluded.count > count THEN excluded.p95 ELSE p95 END,
         p99 = CASE WHEN excluded.count > count THEN excluded.p99 ELSE p99 END,
         count = count + excluded.count, failures = failures + excluded.failures, worst = MAX(worst, excluded.worst)`,
    ),
    range: db.prepare(
      `SELECT * FROM ${table} WHERE check_key = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
    ),
    /**
     * The same rows as arrays (bucket, count, failures, worst, p50, p95, p99): better-sqlite3
     * builds a keyed object per row otherwise, which was half the time of a year's history
     * (8,760 hour rows) in the bench profile; arrays halve the read.
     */
    rangeArrays: db
      .prepare(
        `SELECT bucket, count, failures, worst, p50, p95, p99 FROM ${table} WHERE check_key = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
      )
      .raw(true),
    prune: db.prepare(`DELETE FROM ${table} WHERE check_key = ? AND bucket < ?`),
  });
  return {
    insertCheck: db.prepare('INSERT INTO result_checks (service_id, check_id) VALUES (?, ?)'),
    insertRaw: db.prepare(
      'INSERT OR IGNORE INTO results_raw (check_key, ts, status, success, latency_us) VALUES (?, ?, ?, ?, ?)',
    ),
    rawRange: db.prepare(
      'SELECT ts, status, success, latency_us FROM results_raw WHERE check_key = ? AND ts >= ? AND ts < ? ORDER BY ts',
    ),
    pruneRaw: db.prepare('DELETE FROM results_raw WHERE check_key = ? AND ts < ?'),
    minute: rollup('rollup_minute'),
    hour: rollup('rollup_hour'),
    day: rollup('rollup_day'),
    setMeta: db.prepare(
      'INSERT INTO results_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    saveState: db.prepare(
      'INSERT INTO check_states (service_id, check_id, state) VALUES (?, ?, ?) ON CONFLICT (service_id, check_id) DO UPDATE SET state = excluded.state',
    ),
    loadStates: db.prepare('SELECT state FROM check_states'),
    insertIncident: db.prepare(
      'INSERT INTO incidents (id, service_id, check_id, status, started_at, ended_at, cause) VALUES (?, ?, ?, ?, ?, NULL, ?)',
    ),
    closeIncident: db.prepare(
      'UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL RETURNING *',
    ),
    getIncident: db.prepare('SELECT * FROM incidents WHERE id = ?'),
    openIncidents: db.prepare('SELECT * FROM incidents WHERE ended_at IS NULL ORDER BY started_at'),
    listIncidents: db.prepare(
      'SELECT * FROM incidents WHERE service_id = ? ORDER BY started_at DESC LIMIT ?',
    ),
  };
}
