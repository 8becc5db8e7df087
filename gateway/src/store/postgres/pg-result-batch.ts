import type pg from 'pg';
import type { Incident } from '@aether/contract';
import { foldIntoDays } from '../day-fold.js';
import type { RawRow } from '../history-points.js';
import type { Watermarks } from '../result-store-base.js';
import { mergeRollup, type RollupRow } from '../rollup-builder.js';
import type { CheckState } from '../types.js';
import type { writeStatements } from './pg-result-schema.js';
import { numberArray, textArray } from './pg-array-literal.js';
import { addRefused, countRefused, type RefusedGroup } from './pg-refused-rows.js';

/**
 * A row with the lease epoch it was recorded under (a raw row when it was probed, a rollup when
 * its bucket closed): a row probed under a lease since lost is refused even if this gateway holds
 * the shard again, under a newer epoch, by the time the batch is written. Undefined: stamped when
 * written (outside a cluster, or rows from before fencing was on).
 */
export type Stamped<T> = T & { epoch?: number };

/** What PgResultStore has accepted but Postgres has not committed yet. */
export interface ResultBatch {
  checks: Map<number, { serviceId: string; checkId: string }>;
  raw: Stamped<RawRow>[];
  minute: Stamped<RollupRow>[];
  hour: Stamped<RollupRow>[];
  watermarks: Watermarks | undefined;
  /** The latest state per check. */
  states: Map<string, CheckState>;
  /** The epoch each state was saved under (same keys as states; absent outside a cluster). */
  stateEpochs: Map<string, number>;
  /** Incident changes made while Postgres was away, in order. */
  incidents: IncidentChange[];
}

export type IncidentChange =
  { kind: 'open'; incident: Incident } | { kind: 'close'; id: string; endedAt: string };

export function emptyBatch(): ResultBatch {
  return {
    checks: new Map(),
    raw: [],
    minute: [],
    hour: [],
    watermarks: undefined,
    states: new Map(),
    stateEpochs: new Map(),
    incidents: [],
  };
}

export function hasWork(batch: ResultBatch): boolean {
  return (
    batch.checks.size > 0 ||
    batch.raw.length > 0 ||
    batch.minute.length > 0 ||
    batch.hour.length > 0 ||
    batch.states.size > 0 ||
    batch.incidents.length > 0 ||
    batch.watermarks !== undefined
  );
}

/** Rows waiting in a batch (results, rollups, states, incident changes). */
export function batchRows(batch: ResultBatch): number {
  return (
    batch.raw.length +
    batch.minute.length +
    batch.hour.length +
    batch.states.size +
    batch.incidents.length
  );
}

/** One batch of an older and a newer one: rows in order, the newer states and marks winning. */
export function mergeBatches(older: ResultBatch, newer: ResultBatch): ResultBatch {
  const checks = new Map([...older.checks, ...newer.checks]);
  const states = new Map([...older.states, ...newer.states]);
  const stateEpochs = new Map(older.stateEpochs);
  for (const key of newer.states.keys()) {
    const epoch = newer.stateEpochs.get(key);
    if (epoch === undefined) stateEpochs.delete(key);
    else stateEpochs.set(key, epoch);
  }
  return {
    checks,
    raw: older.raw.concat(newer.raw),
    minute: older.minute.concat(newer.minute),
    hour: older.hour.concat(newer.hour),
    watermarks: newer.watermarks ?? older.watermarks,
    states,
    stateEpochs,
    incidents: older.incidents.concat(newer.incidents),
  };
}

/** Drops the oldest raw rows and minute rollups past `max` each; returns how many went. */
export function dropOldest(batch: ResultBatch, max: number): number {
  let dropped = 0;
  for (const list of [batch.raw, batch.minute]) {
    const excess = list.length - max;
    if (excess <= 0) continue;
    list.splice(0, excess);
    dropped += excess;
  }
  return dropped;
}

/** The shard and lease epoch each row is written under; null outside a cluster. */
export interface BatchStamps {
  shardOf(serviceId: string, checkId: string): number | null;
  shardOfKey(checkKey: number): number | null;
  epochOf(shard: number | null): number | null;
  /** The member id refused rows are counted under in fenced_writes; null outside a cluster. */
  owner(): string | null;
}

/** A row's epoch: the one stamped when it was recorded, else the shard's as the batch is written. */
function epochOf(
  stamped: number | undefined,
  shard: number | null,
  stamps: BatchStamps,
): number | null {
  if (shard === null) return null;
  return stamped ?? stamps.epochOf(shard);
}

export const INSERT_INCIDENT = `INSERT INTO incidents (id, service_id, check_id, status, started_at, ended_at, cause)
  VALUES ($1, $2, $3, $4, $5, NULL, $6) ON CONFLICT (id) DO NOTHING`;
export const CLOSE_INCIDENT =
  'UPDATE incidents SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL';

export function incidentValues(incident: Incident): unknown[] {
  return [
    incident.id,
    incident.serviceId,
    incident.checkId,
    incident.status,
    incident.startedAt,
    incident.cause,
  ];
}

/** Rollup rows per statement (see writeBatch). */
const ROLLUP_STATEMENT_ROWS = 2000;

/**
 * Writes a batch inside the caller's transaction: incident changes, new checks, then one
 * multi-row statement per table (raw, minute, hour, the days folded from the stored hours when the
 * day watermark moved past `foldDaysFrom`, watermarks, states). Rows the fence refused are counted
 * in fenced_writes per (shard, owner, epoch) in the same transaction (one more statement, only
 * when something was refused); resolves to how many.
 */
export async function writeBatch(
  client: pg.PoolClient,
  batch: ResultBatch,
  context: {
    sql: ReturnType<typeof writeStatements>;
    stamps: BatchStamps;
    foldDaysFrom: number;
    onError: (error: unknown) => void;
  },
): Promise<number> {
  const { sql, stamps } = context;
  for (const change of batch.incidents) {
    if (change.kind === 'open')
      await client.query(INSERT_INCIDENT, incidentValues(change.incident));
    else await client.query(CLOSE_INCIDENT, [change.endedAt, change.id]);
  }
  if (batch.checks.size > 0) await writeChecks(client, sql, batch.checks, context.onError);
  const refused = new Map<string, RefusedGroup>();
  if (batch.raw.length > 0) {
    const shards = batch.raw.map((r) => stamps.shardOfKey(r.checkKey));
    const { rows } = await client.query<RefusedGroup>(sql.raw, [
      numberArray(batch.raw.map((r) => r.checkKey)),
      numberArray(batch.raw.map((r) => r.ts)),
      numberArray(batch.raw.map((r) => r.code)),
      numberArray(batch.raw.map((r) => r.success)),
      numberArray(batch.raw.map((r) => Math.round(r.latencyMs * 1000))),
      numberArray(shards),
      numberArray(batch.raw.map((r, i) => epochOf(r.epoch, shards[i]!, stamps))),
    ]);
    addRefused(refused, rows);
  }
  for (const level of ['minute', 'hour'] as const) {
    if (batch[level].length === 0) continue;
    const merged = mergeSameBucket(batch[level]);
    // a fleet's close is several statements of the one transaction: the parameters of 10,000 rows
    // in one were serialized in one turn of the event loop
    for (let i = 0; i < merged.length; i += ROLLUP_STATEMENT_ROWS) {
      const part = merged.slice(i, i + ROLLUP_STATEMENT_ROWS);
      const shards = part.map((r) => stamps.shardOfKey(r.checkKey));
      const { rows } = await client.query<RefusedGroup>(sql[level], [
        ...rollupColumns(part),
        numberArray(shards),
        numberArray(part.map((r, j) => epochOf(r.epoch, shards[j]!, stamps))),
      ]);
      addRefused(refused, rows);
    }
  }
  const marks = batch.watermarks;
  if (marks && marks.day > context.foldDaysFrom) {
    // the hours of the days now complete, this batch's included: folded and stored once
    const { rows } = await client.query<RollupRow>(
      `SELECT check_key AS "checkKey", bucket, count, failures, worst, p50, p95, p99
       FROM rollup_hour WHERE bucket >= $1 AND bucket < $2`,
      [context.foldDaysFrom, marks.day],
    );
    const days = foldIntoDays(rows);
    if (days.length > 0) await client.query(sql.day, rollupColumns(days));
  }
  if (marks) {
    await client.query(sql.meta, [
      textArray(['watermark.minute', 'watermark.hour', 'watermark.day']),
      numberArray([marks.minute, marks.hour, marks.day]),
    ]);
  }
  if (batch.states.size > 0) {
    const keys = [...batch.states.keys()];
    const states = [...batch.states.values()];
    const shards = states.map((s) => stamps.shardOf(s.serviceId, s.checkId));
    const { rows } = await client.query<RefusedGroup>(sql.states, [
      textArray(states.map((s) => s.serviceId)),
      textArray(states.map((s) => s.checkId)),
      // one text, a state per line (JSON.stringify writes no line break): as a text[], pg escaped
      // every quote of every state, a fifth of all a clustered gateway allocated
      states.map((s) => JSON.stringify(s)).join('\n'),
      numberArray(shards),
      numberArray(keys.map((key, i) => epochOf(batch.stateEpochs.get(key), shards[i]!, stamps))),
    ]);
    addRefused(refused, rows);
  }
  return countRefused(client, stamps.owner(), [...refused.values()]);
}

/** Records new checks; a key already taken by another check (a hash collision) is reported. */
async function writeChecks(
  client: pg.PoolClient,
  sql: ReturnType<typeof writeStatements>,
  checks: Map<number, { serviceId: string; checkId: string }>,
  onError: (error: unknown) => void,
): Promise<void> {
  const keys = [...checks.keys()];
  await client.query(sql.checks, [
    numberArray(keys),
    textArray(keys.map((k) => checks.get(k)!.serviceId)),
    textArray(keys.map((k) => checks.get(k)!.checkId)),
  ]);
  const { rows } = await client.query<{ key: number; service_id: string; check_id: string }>(
    'SELECT key, service_id, check_id FROM result_checks WHERE key = ANY($1::bigint[])',
    [numberArray(keys)],
  );
  for (const row of rows) {
    const mine = checks.get(row.key)!;
    if (mine.serviceId !== row.service_id || mine.checkId !== row.check_id)
      onError(
        new Error(
          `check key collision: ${mine.serviceId}/${mine.checkId} and ${row.service_id}/${row.check_id} share key ${row.key}`,
        ),
      );
  }
}

/** Two parts of one bucket in a batch (a late result) would hit one row twice in one statement. */
function mergeSameBucket(rows: readonly Stamped<RollupRow>[]): Stamped<RollupRow>[] {
  const byKey = new Map<string, Stamped<RollupRow>>();
  for (const row of rows) {
    const key = `${row.checkKey}:${row.bucket}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, row);
      continue;
    }
    // parts stamped under different leases: the oldest epoch, so the fence keeps it only if
    // every part was probed under the current lease
    const merged: Stamped<RollupRow> = mergeRollup(seen, row);
    const epochs = [seen.epoch, row.epoch].filter((e): e is number => e !== undefined);
    if (epochs.length > 0) merged.epoch = Math.min(...epochs);
    byKey.set(key, merged);
  }
  return [...byKey.values()];
}

function rollupColumns(rows: readonly RollupRow[]): string[] {
  return [
    numberArray(rows.map((r) => r.checkKey)),
    numberArray(rows.map((r) => r.bucket)),
    numberArray(rows.map((r) => r.count)),
    numberArray(rows.map((r) => r.failures)),
    numberArray(rows.map((r) => r.worst)),
    numberArray(rows.map((r) => r.p50)),
    numberArray(rows.map((r) => r.p95)),
    numberArray(rows.map((r) => r.p99)),
  ];
}
