import { createHash } from 'node:crypto';

/**
 * Steps of the "results" domain on Postgres; append only (see pg-migrate.ts). The same tables as
 * SQLite's (../sqlite-result-schema.ts), times in ms as BIGINT. Two differences:
 * - result_checks.key is not a serial: every gateway derives it from the check's ids (checkKeyOf),
 *   so gateways sharing the database agree on keys without a round trip on the probe path.
 * - raw rows carry the shard and lease epoch they were written under (NULL outside a cluster), so
 *   a write can be refused when a newer lease on the shard exists (fencing).
 * BRIN indexes on time: rows arrive roughly in time order, so retention's range deletes find
 * their pages from an index of a few kB instead of scanning the table.
 */
export const PG_RESULT_MIGRATIONS = [
  `CREATE TABLE result_checks (
     key BIGINT PRIMARY KEY,
     service_id TEXT NOT NULL,
     check_id TEXT NOT NULL,
     UNIQUE (service_id, check_id)
   );
   CREATE TABLE results_raw (
     check_key BIGINT NOT NULL, ts BIGINT NOT NULL, status SMALLINT NOT NULL, success BOOLEAN NOT NULL,
     latency_us INTEGER NOT NULL, shard INTEGER, epoch BIGINT,
     PRIMARY KEY (check_key, ts)
   );
   CREATE INDEX results_raw_ts ON results_raw USING brin (ts);
   ${['minute', 'hour', 'day']
     .map(
       (level) => `CREATE TABLE rollup_${level} (
     check_key BIGINT NOT NULL, bucket BIGINT NOT NULL, count INTEGER NOT NULL, failures INTEGER NOT NULL,
     worst SMALLINT NOT NULL, p50 DOUBLE PRECISION, p95 DOUBLE PRECISION, p99 DOUBLE PRECISION,
     PRIMARY KEY (check_key, bucket)
   );
   CREATE INDEX rollup_${level}_bucket ON rollup_${level} USING brin (bucket);`,
     )
     .join('\n   ')}
   CREATE TABLE results_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
   CREATE TABLE check_states (
     service_id TEXT NOT NULL, check_id TEXT NOT NULL, state TEXT NOT NULL,
     PRIMARY KEY (service_id, check_id)
   );
   CREATE TABLE incidents (
     id TEXT PRIMARY KEY, service_id TEXT NOT NULL, check_id TEXT NOT NULL, status TEXT NOT NULL,
     started_at TEXT NOT NULL, ended_at TEXT, cause TEXT NOT NULL
   );
   CREATE INDEX incidents_by_service ON incidents (service_id, started_at);
   CREATE INDEX incidents_open ON incidents (ended_at) WHERE ended_at IS NULL;`,
];

/**
 * The key of a check: the first 52 bits of SHA-256 of its ids (a safe integer). Two checks
 * colliding needs about 10^7 checks for a one-in-a-million chance; the store still notices one
 * (writeChecks) and reports it rather than mixing two checks' rows silently.
 */
export function checkKeyOf(serviceId: string, checkId: string): number {
  const hex = createHash('sha256').update(`${serviceId}\u0000${checkId}`).digest('hex');
  return parseInt(hex.slice(0, 13), 16);
}

/** Rows refused by the lease fence: a newer lease on their shard exists. */
const FENCE = `NOT EXISTS (SELECT 1 FROM shard_leases l WHERE l.shard = i.shard AND l.epoch > i.epoch)`;

/**
 * The end of a fenced statement: `f` is its input rows with `kept` (the fence's verdict, judged
 * once per row); the refused ones come back as one row per (shard, epoch) with how many, none
 * when nothing was refused, so the writer can count them in fenced_writes.
 */
const REFUSED = `SELECT shard, epoch, count(*)::int AS refused FROM f WHERE NOT kept GROUP BY shard, epoch`;

/**
 * One multi-row statement per table and batch: the columns travel as arrays and unnest() turns
 * them into rows, so a batch of any size is one round trip. With `fenced`, rows whose shard has a
 * newer lease epoch than theirs are left out (they come back as `{ shard, epoch, refused }` rows,
 * see REFUSED); without it the statements never touch shard_leases (a single gateway has none).
 */
export function writeStatements(fenced: boolean) {
  const accept = fenced ? FENCE : 'TRUE';
  const judged = `f AS (SELECT *, ${accept} AS kept FROM i)`;
  const rollup = (table: string) => `WITH i AS (
      SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::smallint[],
        $6::float8[], $7::float8[], $8::float8[], $9::int[], $10::bigint[])
        AS r(check_key, bucket, count, failures, worst, p50, p95, p99, shard, epoch)
    ), ${judged},
    w AS (
      INSERT INTO ${table} AS t (check_key, bucket, count, failures, worst, p50, p95, p99)
      SELECT check_key, bucket, count, failures, worst, p50, p95, p99 FROM f WHERE kept
      ON CONFLICT (check_key, bucket) DO UPDATE SET
        p50 = CASE WHEN excluded.count > t.count THEN excluded.p50 ELSE t.p50 END,
        p95 = CASE WHEN excluded.count > t.count THEN excluded.p95 ELSE t.p95 END,
        p99 = CASE WHEN excluded.count > t.count THEN excluded.p99 ELSE t.p99 END,
        count = t.count + excluded.count, failures = t.failures + excluded.failures,
        worst = GREATEST(t.worst, excluded.worst)
      RETURNING 1
    )
    ${REFUSED}`;
  return {
    checks: `INSERT INTO result_checks (key, service_id, check_id)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    raw: `WITH i AS (
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::boolean[], $5::int[],
          $6::int[], $7::bigint[]) AS r(check_key, ts, status, success, latency_us, shard, epoch)
      ), ${judged},
      w AS (
        INSERT INTO results_raw (check_key, ts, status, success, latency_us, shard, epoch)
        SELECT check_key, ts, status, success, latency_us, shard, epoch FROM f WHERE kept
        ON CONFLICT DO NOTHING RETURNING 1
      )
      ${REFUSED}`,
    minute: rollup('rollup_minute'),
    hour: rollup('rollup_hour'),
    /** A day is folded from all of its stored hours, so the fold replaces (any gateway may redo it). */
    day: `INSERT INTO rollup_day (check_key, bucket, count, failures, worst, p50, p95, p99)
      SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::smallint[],
        $6::float8[], $7::float8[], $8::float8[])
      ON CONFLICT (check_key, bucket) DO UPDATE SET count = excluded.count,
        failures = excluded.failures, worst = excluded.worst,
        p50 = excluded.p50, p95 = excluded.p95, p99 = excluded.p99`,
    states: `WITH i AS (
        SELECT * FROM unnest($1::text[], $2::text[], string_to_array($3, chr(10)), $4::int[], $5::bigint[])
          AS r(service_id, check_id, state, shard, epoch)
      ), ${judged},
      w AS (
        INSERT INTO check_states (service_id, check_id, state)
        SELECT service_id, check_id, state FROM f WHERE kept
        ON CONFLICT (service_id, check_id) DO UPDATE SET state = excluded.state
        RETURNING 1
      )
      ${REFUSED}`,
    meta: `INSERT INTO results_meta (key, value) SELECT * FROM unnest($1::text[], $2::bigint[])
      ON CONFLICT (key) DO UPDATE SET value = GREATEST(results_meta.value, excluded.value)`,
  };
}
