import type pg from 'pg';
import type { RawRow, Resolution } from '../history-points.js';
import type { Watermarks } from '../result-store-base.js';
import type { RollupRow } from '../rollup-builder.js';
import type { CheckState } from '../types.js';
import './pg-pool.js'; // BIGINT columns come back as numbers

/*
 * The results domain's statements that read (and the retention delete): what is stored, nothing
 * about what is buffered — PgResultStore merges that in under its lock.
 */

export interface StoredCheck {
  key: number;
  service_id: string;
  check_id: string;
}

/** The checks of these services, or every stored check. */
export async function selectChecks(
  pool: pg.Pool,
  serviceIds?: readonly string[],
): Promise<StoredCheck[]> {
  const { rows } =
    serviceIds === undefined
      ? await pool.query<StoredCheck>('SELECT key, service_id, check_id FROM result_checks')
      : await pool.query<StoredCheck>(
          'SELECT key, service_id, check_id FROM result_checks WHERE service_id = ANY($1)',
          [serviceIds],
        );
  return rows;
}

/** Stored raw rows of these checks in [fromMs, toMs), by check and time. */
export async function selectRaw(
  pool: pg.Pool,
  checkKeys: readonly number[],
  fromMs: number,
  toMs: number,
): Promise<RawRow[]> {
  const { rows } = await pool.query<[number, number, number, boolean, number]>({
    text: `SELECT check_key, ts, status, success, latency_us FROM results_raw
           WHERE check_key = ANY($1) AND ts >= $2 AND ts < $3 ORDER BY check_key, ts`,
    values: [checkKeys, fromMs, toMs],
    rowMode: 'array',
  });
  return rows.map(([checkKey, ts, code, success, latencyUs]) => ({
    checkKey,
    ts,
    code,
    success,
    latencyMs: latencyUs / 1000,
  }));
}

/** Stored rollups of these checks whose bucket is in [fromMs, toMs), by check and bucket. */
export async function selectRollups(
  pool: pg.Pool,
  level: 'minute' | 'hour' | 'day',
  checkKeys: readonly number[],
  fromMs: number,
  toMs: number,
): Promise<RollupRow[]> {
  if (fromMs >= toMs) return [];
  const { rows } = await pool.query<RollupRow>(
    `SELECT check_key AS "checkKey", bucket, count, failures, worst, p50, p95, p99
     FROM rollup_${level} WHERE check_key = ANY($1) AND bucket >= $2 AND bucket < $3
     ORDER BY check_key, bucket`,
    [checkKeys, fromMs, toMs],
  );
  return rows;
}

/** Retention for every check in the database, one statement per table; rows deleted. */
export async function deleteRowsOlderThan(
  pool: pg.Pool,
  cutoffs: Record<Resolution, number>,
): Promise<number> {
  let deleted = 0;
  const tables = [
    ['results_raw', 'ts', cutoffs.raw],
    ['rollup_minute', 'bucket', cutoffs.minute],
    ['rollup_hour', 'bucket', cutoffs.hour],
    ['rollup_day', 'bucket', cutoffs.day],
  ] as const;
  for (const [table, column, cutoff] of tables)
    deleted += (await pool.query(`DELETE FROM ${table} WHERE ${column} < $1`, [cutoff])).rowCount!;
  return deleted;
}

/** Stored check states by `serviceId\0checkId`. */
export async function selectCheckStates(pool: pg.Pool): Promise<Map<string, CheckState>> {
  const { rows } = await pool.query<{ state: string }>('SELECT state FROM check_states');
  const states = new Map<string, CheckState>();
  for (const row of rows) {
    const state = JSON.parse(row.state) as CheckState;
    states.set(`${state.serviceId}\u0000${state.checkId}`, state);
  }
  return states;
}

/** The rollup watermarks committed (0 for a new database). */
export async function selectWatermarks(pool: pg.Pool): Promise<Watermarks> {
  const meta = new Map(
    (
      await pool.query<{ key: string; value: number }>('SELECT key, value FROM results_meta')
    ).rows.map((r) => [r.key, r.value]),
  );
  return {
    minute: meta.get('watermark.minute') ?? 0,
    hour: meta.get('watermark.hour') ?? 0,
    day: meta.get('watermark.day') ?? 0,
  };
}

/** Counts and failures of closed rollups per service and bucket in [fromMs, toMs). */
export async function selectServiceSums(
  pool: pg.Pool,
  level: 'minute' | 'hour',
  fromMs: number,
  toMs: number,
): Promise<{ service_id: string; bucket: number; count: number; failures: number }[]> {
  const { rows } = await pool.query<{
    service_id: string;
    bucket: number;
    count: number;
    failures: number;
  }>(
    `SELECT c.service_id, r.bucket, sum(r.count)::bigint AS count, sum(r.failures)::bigint AS failures
     FROM rollup_${level} r JOIN result_checks c ON c.key = r.check_key
     WHERE r.bucket >= $1 AND r.bucket < $2 GROUP BY c.service_id, r.bucket`,
    [fromMs, toMs],
  );
  return rows;
}
