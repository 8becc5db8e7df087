/*
 * Over 300 lines on purpose: the outage buffer, the background writer, the reads that merge what
 * is not written yet and the incidents kept through an outage share the same batches and the same
 * lock; split, each part would reach into the others' state. What a batch is and how one is
 * written live apart (pg-result-batch.ts), and the SQL (pg-result-schema.ts).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CheckResult, Incident } from '@aether/contract';
import { foldIntoDays } from '../day-fold.js';
import { HOUR_MS, MINUTE_MS, type RawRow, type Resolution } from '../history-points.js';
import { ResultStoreBase, type ResultStoreOptions, type Watermarks } from '../result-store-base.js';
import { RollupBuilder, type RollupRow } from '../rollup-builder.js';
import { statusCode } from '../status-code.js';
import { toIncident, type IncidentRow } from '../sqlite-result-schema.js';
import type { CheckState } from '../types.js';
import { migratePg } from './pg-migrate.js';
import {
  batchRows,
  CLOSE_INCIDENT,
  dropOldest,
  emptyBatch,
  hasWork,
  incidentValues,
  INSERT_INCIDENT,
  mergeBatches,
  writeBatch,
  type BatchStamps,
  type IncidentChange,
  type ResultBatch,
  type Stamped,
} from './pg-result-batch.js';
import { checkKeyOf, PG_RESULT_MIGRATIONS, writeStatements } from './pg-result-schema.js';
import { DatabaseUnavailable, isDatabaseAway } from './pg-unavailable.js';
import './pg-pool.js'; // BIGINT columns come back as numbers

/**
 * Lease fencing, given by the cluster when gateways share the database: every row is written with
 * its check's shard and the epoch of this gateway's latest lease on it, and Postgres refuses rows
 * whose shard has a newer epoch in shard_leases (another gateway took the shard over).
 */
export interface ResultFence {
  shardOf(serviceId: string, checkId: string): number;
  /** Epoch of this gateway's latest lease on the shard; 0 when it never held it. */
  epochOf(shard: number): number;
}

/** Checks whose raw rows are read in one query when open buckets are rebuilt (start, take-over). */
const RESUME_CHUNK = 250;

export interface PgResultStoreOptions extends ResultStoreOptions {
  fence?: ResultFence;
  /**
   * Raw rows (and as many minute rollups) kept in memory while Postgres cannot be reached; past
   * it the oldest are dropped and counted. 100,000 is 100 s at 1,000 probes/s, about 10 MB.
   */
  maxBufferedRows?: number;
  /** First retry after a failed write; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface PgResultStoreStats {
  /** Rows accepted but not yet written (results, rollups, states). */
  buffered: number;
  /** Raw rows and minute rollups dropped because the outage buffer was full. */
  dropped: number;
  /** Rows Postgres refused because a newer lease on their shard exists. */
  fenced: number;
  /** Whether the last write reached Postgres. */
  reachable: boolean;
}

/**
 * Results on Postgres. The probe path stays synchronous: results and states are buffered as in
 * SQLite, and each flush hands its batch to a background writer that commits it in one
 * transaction of a few multi-row statements (so 1,000 probes/s is a handful of statements per
 * second). When Postgres is down the batch stays in memory (bounded), the writer retries with
 * backoff and catches up when it is back; reads merge what is not written yet under a lock the
 * writer also takes, so a row is never counted twice nor missed while its batch is in flight.
 */
export class PgResultStore extends ResultStoreBase {
  private sql: ReturnType<typeof writeStatements>;
  private fence: ResultFence | undefined;
  private unwritten = emptyBatch();
  /** The batch the writer is committing (back into unwritten if that fails). */
  private inflight: ResultBatch | undefined;
  /** Watermarks committed to Postgres (the base's run ahead of them while a batch is in flight). */
  private durable: Watermarks = { minute: 0, hour: 0, day: 0 };
  private readonly savedChecks = new Set<number>();
  private readonly shards = new Map<number, number>();
  private writing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private lockChain: Promise<unknown> = Promise.resolve();
  private readonly counters = { dropped: 0, fenced: 0, reachable: true };
  private readonly maxBuffered: number;
  private readonly reportError: (error: unknown) => void;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PgResultStoreOptions,
  ) {
    super(options);
    this.fence = options.fence;
    this.sql = writeStatements(options.fence !== undefined);
    this.maxBuffered = options.maxBufferedRows ?? 100_000;
    this.retryDelay = options.retryMs ?? 500;
    this.reportError = options.onError ?? (() => {});
  }

  /** Migrates the results domain, then resumes from what is stored (keys, watermarks, buckets). */
  static async open(pool: pg.Pool, options: PgResultStoreOptions = {}): Promise<PgResultStore> {
    await migratePg(pool, 'results', PG_RESULT_MIGRATIONS);
    const store = new PgResultStore(pool, options);
    await store.resume();
    return store;
  }

  /**
   * Turns fencing on once the cluster's leases run (they need the pool this store was opened on):
   * from the next write on, rows carry shard and epoch and stale ones are refused.
   */
  useFence(fence: ResultFence): void {
    this.fence = fence;
    this.shards.clear();
    this.sql = writeStatements(true);
  }

  stats(): PgResultStoreStats {
    return {
      buffered: batchRows(this.unwritten) + (this.inflight ? batchRows(this.inflight) : 0),
      dropped: this.counters.dropped,
      fenced: this.counters.fenced,
      reachable: this.counters.reachable,
    };
  }

  // --- write path -----------------------------------------------------------------------------
  protected createCheckKey(serviceId: string, checkId: string): number {
    const key = checkKeyOf(serviceId, checkId);
    if (!this.savedChecks.has(key)) this.unwritten.checks.set(key, { serviceId, checkId });
    return key;
  }

  /** Queues the batch for the writer; never throws, so the base counts it as handed over. */
  protected persist(
    raw: readonly RawRow[],
    minutes: readonly RollupRow[],
    hours: readonly RollupRow[],
    _days: readonly RollupRow[],
    watermarks: Watermarks,
  ): void {
    const u = this.unwritten;
    for (const row of raw) u.raw.push(row);
    // a rollup is stamped when its bucket closes (its raw rows each carry their probe's epoch)
    for (const row of minutes) u.minute.push(this.stamped(row));
    for (const row of hours) u.hour.push(this.stamped(row));
    u.watermarks = watermarks;
    this.bound();
  }

  /** Days are folded in the writer's transaction, from the hours stored (see write). */
  protected override foldDays(): RollupRow[] {
    return [];
  }

  protected override flushNow(): void {
    super.flushNow();
    // the remote buckets close as this store's own do (same clock, same grace), and are dropped
    const until = this.clock.now() - this.closeGraceMs;
    this.remote.minute.close(until);
    this.remote.hour.close(until);
    this.kick();
  }

  /** A raw row carries the epoch held when it was probed, not the one held when it is written. */
  protected override rawRowOf(result: CheckResult, checkKey: number, ts: number): RawRow {
    const row: Stamped<RawRow> = super.rawRowOf(result, checkKey, ts);
    const shard = this.shardOfKey(checkKey);
    if (shard !== null) row.epoch = this.fence!.epochOf(shard);
    return row;
  }

  private stamped(row: RollupRow): Stamped<RollupRow> {
    const shard = this.shardOfKey(row.checkKey);
    return shard === null ? row : { ...row, epoch: this.fence!.epochOf(shard) };
  }

  saveCheckState(state: CheckState): void {
    const key = `${state.serviceId}\u0000${state.checkId}`;
    this.unwritten.states.set(key, state);
    if (this.fence)
      this.unwritten.stateEpochs.set(
        key,
        this.fence.epochOf(this.fence.shardOf(state.serviceId, state.checkId)),
      );
    else this.unwritten.stateEpochs.delete(key);
    this.armFlush();
  }

  override async flush(): Promise<void> {
    this.flushNow();
    await this.drain();
  }

  override async close(): Promise<void> {
    await super.close();
    try {
      await this.drain();
    } catch (error) {
      const lost = this.stats().buffered;
      this.reportError(
        new Error(`closing with Postgres unreachable: ${lost} rows not written`, { cause: error }),
      );
    } finally {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  /** Drops the oldest raw rows and minute rollups past the bound (hours and states are few). */
  private bound(): void {
    this.counters.dropped += dropOldest(this.unwritten, this.maxBuffered);
  }

  private hasResultBatch(): boolean {
    return hasWork(this.unwritten);
  }

  /** Starts a background write unless one runs or a retry is waiting. */
  private kick(): void {
    if (this.writing || this.retryTimer || !this.hasResultBatch()) return;
    this.startWrite().then(
      () => this.kick(),
      (error: unknown) => {
        this.reportError(error);
        this.scheduleRetry();
      },
    );
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, this.options.maxRetryMs ?? 5000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  /** Writes until nothing is left; rejects with the error when Postgres cannot take it now. */
  private async drain(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (;;) {
      if (this.writing) {
        await this.writing.catch(() => {});
        continue;
      }
      if (!this.hasResultBatch()) return;
      try {
        await this.startWrite();
      } catch (error) {
        this.scheduleRetry();
        throw error;
      }
    }
  }

  private startWrite(): Promise<void> {
    const batch = (this.inflight = this.unwritten);
    this.unwritten = emptyBatch();
    // write() clears inflight as it commits; a failure moves the batch back in the same step, so
    // a read (which waits for the lock) never sees a batch twice nor misses it
    const run = this.locked(() => this.write(batch))
      .then(
        () => {
          this.counters.reachable = true;
          this.retryDelay = this.options.retryMs ?? 500;
        },
        (error: unknown) => {
          this.counters.reachable = false;
          this.inflight = undefined;
          this.putBack(batch);
          throw error;
        },
      )
      .finally(() => {
        if (this.writing === run) this.writing = undefined;
      });
    this.writing = run;
    return run;
  }

  /** A failed batch goes back in front of what arrived meanwhile (newer states and marks win). */
  private putBack(batch: ResultBatch): void {
    this.unwritten = mergeBatches(batch, this.unwritten);
    this.bound();
  }

  /** Runs fn after every read or write queued before it (reads and the writer take turns). */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lockChain.then(fn, fn);
    this.lockChain = run.catch(() => {});
    return run;
  }

  private async write(batch: ResultBatch): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // a checked-out client has no listener of the pool's: without one, a connection cut in the
    // middle of the transaction would be an uncaught 'error' event (the query rejects as well)
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      this.counters.fenced += await writeBatch(client, batch, {
        sql: this.sql,
        stamps: this.stamps,
        foldDaysFrom: this.durable.day,
        onError: this.reportError,
      });
      await client.query('COMMIT');
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
    if (this.inflight === batch) this.inflight = undefined;
    for (const key of batch.checks.keys()) this.savedChecks.add(key);
    if (batch.watermarks) this.durable = batch.watermarks;
  }

  /** Shard and epoch of each row written (null outside a cluster). */
  private readonly stamps: BatchStamps = {
    shardOf: (serviceId, checkId) => this.shardOf(serviceId, checkId),
    shardOfKey: (checkKey) => this.shardOfKey(checkKey),
    epochOf: (shard) => this.epochOf(shard),
  };

  private shardOf(serviceId: string, checkId: string): number | null {
    return this.fence ? this.fence.shardOf(serviceId, checkId) : null;
  }

  private shardOfKey(checkKey: number): number | null {
    const fence = this.fence;
    if (!fence) return null;
    let shard = this.shards.get(checkKey);
    if (shard === undefined) {
      const serviceId = this.checkKeys.serviceOf.get(checkKey)!;
      const checkId = this.checkIds.get(checkKey)!;
      this.shards.set(checkKey, (shard = fence.shardOf(serviceId, checkId)));
    }
    return shard;
  }

  private epochOf(shard: number | null): number | null {
    return shard === null || !this.fence ? null : this.fence.epochOf(shard);
  }

  /** key → checkId (CheckKeyIndex only maps keys to services). */
  private readonly checkIds = new Map<number, string>();

  protected override checkKey(serviceId: string, checkId: string): number {
    const key = super.checkKey(serviceId, checkId);
    if (!this.checkIds.has(key)) this.checkIds.set(key, checkId);
    return key;
  }

  // --- read path ------------------------------------------------------------------------------
  /** What is accepted but not committed, oldest first: the batch being written, then the rest. */
  private batches(): ResultBatch[] {
    return this.inflight ? [this.inflight, this.unwritten] : [this.unwritten];
  }

  private notCommitted<K extends 'raw' | 'minute' | 'hour'>(kind: K): ResultBatch[K] {
    return this.batches().flatMap((batch) => batch[kind] as unknown[]) as ResultBatch[K];
  }

  /** Checks another gateway created since this one started are looked up in Postgres. */
  protected override async findCheckKeys(serviceId: string, checkId?: string): Promise<number[]> {
    const known = this.checkKeys.find(serviceId, checkId);
    if (known.length > 0) return known;
    await this.loadCheckKeys([serviceId]);
    return this.checkKeys.find(serviceId, checkId);
  }

  /** Adds the stored checks of these services that this store does not know yet. */
  private async loadCheckKeys(serviceIds: readonly string[]): Promise<void> {
    const { rows } = await this.pool.query<{ key: number; service_id: string; check_id: string }>(
      'SELECT key, service_id, check_id FROM result_checks WHERE service_id = ANY($1)',
      [serviceIds],
    );
    for (const row of rows) {
      if (this.checkKeys.get(row.service_id, row.check_id) !== undefined) continue;
      this.checkKeys.add(row.key, row.service_id, row.check_id);
      this.checkIds.set(row.key, row.check_id);
      this.savedChecks.add(row.key);
    }
  }

  protected readRaw(checkKeys: readonly number[], fromMs: number, toMs: number): Promise<RawRow[]> {
    if (checkKeys.length === 0) return Promise.resolve([]);
    return this.locked(async () => {
      const stored = await this.selectRaw(checkKeys, fromMs, toMs);
      const keys = new Set(checkKeys);
      const pending = this.notCommitted('raw').filter(
        (r) => keys.has(r.checkKey) && r.ts >= fromMs && r.ts < toMs,
      );
      return stored.concat(pending);
    });
  }

  /** Stored raw rows of these checks in [fromMs, toMs), by check and time. */
  private async selectRaw(
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Promise<RawRow[]> {
    const { rows } = await this.pool.query<[number, number, number, boolean, number]>({
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

  protected readRollups(
    resolution: 'minute' | 'hour' | 'day',
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Promise<RollupRow[]> {
    if (checkKeys.length === 0) return Promise.resolve([]);
    return this.locked(async () => {
      const keys = new Set(checkKeys);
      const inRange = (r: RollupRow, lo: number, hi: number) =>
        keys.has(r.checkKey) && r.bucket >= lo && r.bucket < hi;
      if (resolution !== 'day') {
        const stored = await this.selectRollups(resolution, checkKeys, fromMs, toMs);
        return stored.concat(this.notCommitted(resolution).filter((r) => inRange(r, fromMs, toMs)));
      }
      // days folded by a committed batch come from rollup_day; the rest are folded here from hours
      const foldedUntil = Math.max(fromMs, Math.min(toMs, this.durable.day));
      const days = await this.selectRollups('day', checkKeys, fromMs, foldedUntil);
      if (foldedUntil >= toMs) return days;
      const hours = await this.selectRollups('hour', checkKeys, foldedUntil, toMs);
      const unwritten = this.notCommitted('hour').filter((r) => inRange(r, foldedUntil, toMs));
      return days.concat(foldIntoDays(hours.concat(unwritten)));
    });
  }

  private async selectRollups(
    level: 'minute' | 'hour' | 'day',
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Promise<RollupRow[]> {
    if (fromMs >= toMs) return [];
    const { rows } = await this.pool.query<RollupRow>(
      `SELECT check_key AS "checkKey", bucket, count, failures, worst, p50, p95, p99
       FROM rollup_${level} WHERE check_key = ANY($1) AND bucket >= $2 AND bucket < $3
       ORDER BY check_key, bucket`,
      [checkKeys, fromMs, toMs],
    );
    return rows;
  }

  /** Retention for every check in the database (one statement per table), after a write. */
  protected async deleteOlderThan(cutoffs: Record<Resolution, number>): Promise<number> {
    await this.drain();
    return this.locked(async () => {
      let deleted = 0;
      const tables = [
        ['results_raw', 'ts', cutoffs.raw],
        ['rollup_minute', 'bucket', cutoffs.minute],
        ['rollup_hour', 'bucket', cutoffs.hour],
        ['rollup_day', 'bucket', cutoffs.day],
      ] as const;
      for (const [table, column, cutoff] of tables)
        deleted += (await this.pool.query(`DELETE FROM ${table} WHERE ${column} < $1`, [cutoff]))
          .rowCount!;
      return deleted;
    });
  }

  async loadCheckStates(): Promise<CheckState[]> {
    return this.locked(async () => {
      const { rows } = await this.pool.query<{ state: string }>('SELECT state FROM check_states');
      const states = new Map<string, CheckState>();
      for (const row of rows) {
        const state = JSON.parse(row.state) as CheckState;
        states.set(`${state.serviceId}\u0000${state.checkId}`, state);
      }
      for (const batch of this.batches())
        for (const [key, state] of batch.states) states.set(key, structuredClone(state));
      return [...states.values()];
    });
  }

  // --- several gateways on one database -------------------------------------------------------
  /**
   * A result another gateway probed (relayed to this one): counted in the uptime columns, never
   * written (its prober writes it).
   */
  observeRemote(result: CheckResult): void {
    const ts = Date.parse(result.timestamp);
    this.uptime.add(result.serviceId, ts, 1, result.success ? 0 : 1, { minute: true, hour: true });
    const key = this.checkKey(result.serviceId, result.checkId);
    const code = statusCode(result.status);
    this.remote.minute.add(key, ts, code, result.success, result.durationMs);
    this.remote.hour.add(key, ts, code, result.success, result.durationMs);
    this.armFlush(); // the flush closes (drops) remote buckets, even on a gateway probing nothing
  }

  /**
   * Open buckets of results other gateways probed: history includes them until the bucket closes,
   * by then its prober has written it (never written from here).
   */
  private readonly remote = {
    minute: new RollupBuilder(MINUTE_MS),
    hour: new RollupBuilder(HOUR_MS),
  };

  protected override peekOpen(
    resolution: 'minute' | 'hour',
    checkKeys: ReadonlySet<number>,
    fromMs: number,
    toMs: number,
  ): RollupRow[] {
    return super
      .peekOpen(resolution, checkKeys, fromMs, toMs)
      .concat(this.remote[resolution].peek(checkKeys, fromMs, toMs));
  }

  /**
   * After this gateway gains services (a shard lease): their still-open rollup buckets are rebuilt
   * from the raw rows written after the watermarks, whoever wrote them. The previous holder's own
   * rollups of those buckets are refused by the fence (its epoch is old), so closing them is this
   * gateway's job now, with every result of them.
   */
  async adopt(serviceIds: readonly string[]): Promise<void> {
    // checks another gateway created are looked up in one query, not one per service
    const unknown = serviceIds.filter((id) => this.checkKeys.find(id).length === 0);
    if (unknown.length > 0) await this.loadCheckKeys(unknown);
    const keys = serviceIds.flatMap((id) => this.checkKeys.find(id));
    // a chunk at a time: an hour of raw rows of 10,000 checks would be millions of rows at once
    for (let i = 0; i < keys.length; i += RESUME_CHUNK)
      await this.locked(() => this.rebuildOpenBuckets(new Set(keys.slice(i, i + RESUME_CHUNK))));
  }

  private async rebuildOpenBuckets(keys: ReadonlySet<number>): Promise<void> {
    const since = Math.min(this.watermarks.minute, this.watermarks.hour);
    const stored = await this.selectRaw([...keys], since, Number.MAX_SAFE_INTEGER);
    // from here on synchronous: nothing is written or recorded between the read and the rebuild
    this.flushNow(); // this gateway's own buffered rows join the unwritten ones
    const own = this.notCommitted('raw').filter((r) => keys.has(r.checkKey));
    const seen = new Set(own.map((r) => `${r.checkKey}:${r.ts}`));
    this.minutes.forget(keys);
    this.hours.forget(keys);
    for (const row of stored.filter((r) => !seen.has(`${r.checkKey}:${r.ts}`)).concat(own)) {
      if (row.ts >= this.watermarks.minute)
        this.minutes.add(row.checkKey, row.ts, row.code, row.success, row.latencyMs);
      if (row.ts >= this.watermarks.hour)
        this.hours.add(row.checkKey, row.ts, row.code, row.success, row.latencyMs);
    }
  }

  // --- incidents ----------------------------------------------------------------------------
  /*
   * Written at once (they are rare and the monitor awaits them); while Postgres is away they are
   * kept with the results and written with the first batch after, so an outage that takes a
   * service down still records its incident. Ids are made here, so an open needs no answer.
   */
  /** Open incidents this store opened or read, so a close can answer while Postgres is away. */
  private readonly openKnown = new Map<string, Incident>();

  async openIncident(incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>): Promise<Incident> {
    const opened: Incident = { ...incident, id: randomUUID(), endedAt: null, durationMs: null };
    try {
      await this.pool.query(INSERT_INCIDENT, incidentValues(opened));
    } catch (error) {
      this.keepForLater(error, { kind: 'open', incident: opened });
    }
    this.openKnown.set(opened.id, opened);
    return opened;
  }

  async closeIncident(id: string, endedAt: string): Promise<Incident | undefined> {
    try {
      await this.pool.query(CLOSE_INCIDENT, [endedAt, id]);
      const { rows } = await this.pool.query<IncidentRow>('SELECT * FROM incidents WHERE id = $1', [
        id,
      ]);
      this.openKnown.delete(id);
      return rows[0] && toIncident(rows[0]);
    } catch (error) {
      const known = this.openKnown.get(id);
      if (!known) throw error; // nothing to answer with
      this.keepForLater(error, { kind: 'close', id, endedAt });
      this.openKnown.delete(id);
      return {
        ...known,
        endedAt,
        durationMs: Math.max(0, Date.parse(endedAt) - Date.parse(known.startedAt)),
      };
    }
  }

  /** Queues a change Postgres could not take now; any other error is the caller's. */
  private keepForLater(error: unknown, change: IncidentChange): void {
    if (!(error instanceof DatabaseUnavailable) && !isDatabaseAway(error)) throw error;
    this.unwritten.incidents.push(change);
    this.armFlush();
  }

  async openIncidents(): Promise<Incident[]> {
    const rows = await this.locked(async () =>
      this.withResultBatchIncidents(
        (
          await this.pool.query<IncidentRow>(
            'SELECT * FROM incidents WHERE ended_at IS NULL ORDER BY started_at',
          )
        ).rows.map(toIncident),
      ),
    );
    const open = rows.filter((i) => i.endedAt === null);
    for (const incident of open) this.openKnown.set(incident.id, incident);
    return open;
  }

  async listIncidents(serviceId: string, limit: number): Promise<Incident[]> {
    return this.locked(async () => {
      const { rows } = await this.pool.query<IncidentRow>(
        'SELECT * FROM incidents WHERE service_id = $1 ORDER BY started_at DESC LIMIT $2',
        [serviceId, limit],
      );
      return this.withResultBatchIncidents(rows.map(toIncident))
        .filter((i) => i.serviceId === serviceId)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, limit);
    });
  }

  /** Stored incidents with the changes not written yet applied (call under the lock). */
  private withResultBatchIncidents(stored: Incident[]): Incident[] {
    const byId = new Map(stored.map((i) => [i.id, i]));
    for (const change of this.batches().flatMap((batch) => batch.incidents)) {
      if (change.kind === 'open') byId.set(change.incident.id, change.incident);
      else {
        const incident = byId.get(change.id) ?? this.openKnown.get(change.id);
        if (incident && incident.endedAt === null)
          byId.set(change.id, {
            ...incident,
            endedAt: change.endedAt,
            durationMs: Math.max(0, Date.parse(change.endedAt) - Date.parse(incident.startedAt)),
          });
      }
    }
    return [...byId.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  // --- restart --------------------------------------------------------------------------------
  /**
   * After a restart, as SqliteResultStore does: the check keys, the watermarks, uptime counters
   * from closed rollups (summed per service in Postgres) and the still-open buckets rebuilt from
   * the raw rows after the watermarks.
   */
  private async resume(): Promise<void> {
    const checks = await this.pool.query<{ key: number; service_id: string; check_id: string }>(
      'SELECT key, service_id, check_id FROM result_checks',
    );
    for (const row of checks.rows) {
      this.checkKeys.add(row.key, row.service_id, row.check_id);
      this.checkIds.set(row.key, row.check_id);
      this.savedChecks.add(row.key);
    }
    const meta = new Map(
      (
        await this.pool.query<{ key: string; value: number }>('SELECT key, value FROM results_meta')
      ).rows.map((r) => [r.key, r.value]),
    );
    this.watermarks = {
      minute: meta.get('watermark.minute') ?? 0,
      hour: meta.get('watermark.hour') ?? 0,
      day: meta.get('watermark.day') ?? 0,
    };
    this.durable = { ...this.watermarks };
    if (checks.rows.length === 0) return;
    const now = this.clock.now();
    const floors = {
      minute: Math.max(now - 70 * MINUTE_MS, 0),
      hour: now - 24 * 7 * HOUR_MS - 2 * HOUR_MS,
    };
    for (const level of ['hour', 'minute'] as const) {
      const { rows } = await this.pool.query<{
        service_id: string;
        bucket: number;
        count: number;
        failures: number;
      }>(
        `SELECT c.service_id, r.bucket, sum(r.count)::bigint AS count, sum(r.failures)::bigint AS failures
         FROM rollup_${level} r JOIN result_checks c ON c.key = r.check_key
         WHERE r.bucket >= $1 AND r.bucket < $2 GROUP BY c.service_id, r.bucket`,
        [floors[level], this.watermarks[level]],
      );
      for (const r of rows)
        this.uptime.add(r.service_id, r.bucket, r.count, r.failures, {
          minute: level === 'minute',
          hour: level === 'hour',
        });
    }
    // gateways sharing the database rebuild a check's open buckets when they gain it (adopt):
    // rebuilding every check here would write rollups the check's holder writes too
    if (this.fence) return;
    const since = Math.min(this.watermarks.minute, this.watermarks.hour);
    const keys = [...this.checkKeys.serviceOf.keys()];
    for (let i = 0; i < keys.length; i += RESUME_CHUNK) {
      const raw = await this.selectRaw(
        keys.slice(i, i + RESUME_CHUNK),
        since,
        Number.MAX_SAFE_INTEGER,
      );
      for (const row of raw) {
        this.ingest(this.checkKeys.serviceOf.get(row.checkKey)!, row, {
          minute: row.ts >= this.watermarks.minute,
          hour: row.ts >= this.watermarks.hour,
        });
      }
    }
  }
}
