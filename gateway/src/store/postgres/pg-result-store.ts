/*
 * Over 300 lines on purpose: what is left here is PgResultStore's side of ResultStoreBase — the
 * write hooks, the reads that merge what is not committed yet, fencing stamps, remote results and
 * the restart — each reaching into the base's protected state (check keys, rollup builders,
 * watermarks, uptime); moved out, they would need that state handed to them piece by piece. The
 * outage buffer and background writer live in pg-batch-writer.ts, incidents in pg-incidents.ts,
 * the reading SQL in pg-result-reads.ts, what a batch is in pg-result-batch.ts, the schema in
 * pg-result-schema.ts.
 */
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type pg from 'pg';
import type { CheckResult, Incident } from '@aether/contract';
import { foldIntoDays } from '../day-fold.js';
import { HOUR_MS, MINUTE_MS, type RawRow, type Resolution } from '../history-points.js';
import { ResultStoreBase, type ResultStoreOptions, type Watermarks } from '../result-store-base.js';
import type { RollupRow } from '../rollup-builder.js';
import type { CheckState } from '../types.js';
import { migratePg } from './pg-migrate.js';
import type { BatchStamps, Stamped } from './pg-result-batch.js';
import { checkKeyOf, PG_RESULT_MIGRATIONS } from './pg-result-schema.js';
import { PgBatchWriter } from './pg-batch-writer.js';
import { PgIncidents } from './pg-incidents.js';
import { RemoteChecks, remoteOpenRows } from './pg-remote-open.js';
import {
  deleteRowsOlderThan,
  selectCheckStates,
  selectChecks,
  selectRaw,
  selectRollups,
  selectServiceSums,
  selectWatermarks,
} from './pg-result-reads.js';
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
  /** This gateway's member id: its refused rows are counted under it in fenced_writes. */
  readonly owner: string;
}

/** Checks whose raw rows are read in one query when open buckets are rebuilt (start, take-over). */
const RESUME_CHUNK = 250;
/** Checks whose closed rows are made per turn of the event loop (see writeInSlices). */
const CLOSE_SLICE = 1000;

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
  private fence: ResultFence | undefined;
  private readonly writer: PgBatchWriter;
  /** Rows of a sliced close made so far: handed to the writer, with its marks, after the last. */
  private made: { minute: RollupRow[]; hour: RollupRow[] } = { minute: [], hour: [] };
  /** The slices of `slicedClose` being made, if any. */
  private making: Promise<void> | undefined;
  private closing = false;
  private readonly shards = new Map<number, number>();
  private readonly incidents: PgIncidents;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PgResultStoreOptions,
  ) {
    super(options);
    this.fence = options.fence;
    this.writer = new PgBatchWriter(pool, {
      maxBufferedRows: options.maxBufferedRows ?? 100_000,
      retryMs: options.retryMs ?? 500,
      maxRetryMs: options.maxRetryMs ?? 5000,
      onError: options.onError ?? (() => {}),
      stamps: this.stamps,
      fenced: options.fence !== undefined,
    });
    this.incidents = new PgIncidents(pool, {
      locked: (fn) => this.writer.locked(fn),
      batches: () => this.writer.batches(),
      keep: (change) => {
        this.writer.unwritten.incidents.push(change);
        this.armFlush();
      },
    });
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
    this.writer.fence();
  }

  stats(): PgResultStoreStats {
    return this.writer.stats();
  }

  // --- write path -----------------------------------------------------------------------------
  protected createCheckKey(serviceId: string, checkId: string): number {
    const key = checkKeyOf(serviceId, checkId);
    if (!this.writer.savedChecks.has(key))
      this.writer.unwritten.checks.set(key, { serviceId, checkId });
    return key;
  }

  /** Queues the batch for the writer; never throws, so the base counts it as handed over. */
  protected persist(
    raw: readonly RawRow[],
    minutes: readonly RollupRow[],
    hours: readonly RollupRow[],
    _days: readonly RollupRow[],
    watermarks: Watermarks | undefined,
  ): void {
    const u = this.writer.unwritten;
    for (const row of raw) u.raw.push(row);
    // a rollup is stamped when its bucket closes (its raw rows each carry their probe's epoch)
    for (const row of minutes) u.minute.push(this.stamped(row));
    for (const row of hours) u.hour.push(this.stamped(row));
    if (watermarks) u.watermarks = watermarks;
    this.writer.bound();
  }

  protected override closeSlice(): number {
    return this.closing ? 0 : CLOSE_SLICE;
  }

  /**
   * A flush that closes more than CLOSE_SLICE checks' buckets makes their rows (quantiles, stamps)
   * CLOSE_SLICE checks per turn of the event loop, and hands them to the writer with the new
   * watermarks in one batch after the last slice, so they are still written in one transaction:
   * making 10,000 checks' minute rows in the flush held the loop for 22–27 ms of CPU (in process,
   * load 20). Reads meanwhile see the rows not made yet through the base's peekOpen and the ones
   * made through this store's.
   */
  protected override writeInSlices(): void {
    this.making = this.makeInSlices().finally(() => {
      this.making = undefined;
    });
  }

  private async makeInSlices(): Promise<void> {
    const close = this.slicedClose!;
    while (close.minutes.left + close.hours.left > 0) {
      await yieldTurn();
      const before = close.minutes.left;
      for (const row of close.minutes.take(CLOSE_SLICE)) this.made.minute.push(this.stamped(row));
      const rest = CLOSE_SLICE - (before - close.minutes.left);
      for (const row of close.hours.take(rest)) this.made.hour.push(this.stamped(row));
    }
    const u = this.writer.unwritten;
    for (const row of this.made.minute) u.minute.push(row);
    for (const row of this.made.hour) u.hour.push(row);
    u.watermarks = close.marks;
    this.made = { minute: [], hour: [] };
    this.slicedClose = undefined;
    this.writer.bound();
    this.writer.kick();
  }

  /** Days are folded in the writer's transaction, from the hours stored (see write). */
  protected override foldDays(): RollupRow[] {
    return [];
  }

  protected override flushNow(): void {
    super.flushNow();
    // a remote check with no result since the open hour began has no open bucket left to read
    const hourOpen = this.hours.bucketOf(this.clock.now() - this.closeGraceMs);
    if (hourOpen > this.remotePrunedAt) {
      this.remote.prune(hourOpen);
      this.remotePrunedAt = hourOpen;
    }
    this.writer.kick();
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
    this.writer.unwritten.states.set(key, state);
    if (this.fence)
      this.writer.unwritten.stateEpochs.set(
        key,
        this.fence.epochOf(this.fence.shardOf(state.serviceId, state.checkId)),
      );
    else this.writer.unwritten.stateEpochs.delete(key);
    this.armFlush();
  }

  override async flush(): Promise<void> {
    for (;;) {
      while (this.making) await this.making;
      this.flushNow();
      if (!this.making) break;
    }
    await this.writer.drain();
  }

  override async close(): Promise<void> {
    while (this.making) await this.making;
    this.closing = true;
    await super.close();
    try {
      await this.writer.drain();
    } catch (error) {
      const lost = this.stats().buffered;
      this.options.onError?.(
        new Error(`closing with Postgres unreachable: ${lost} rows not written`, { cause: error }),
      );
    } finally {
      this.writer.stopRetrying();
    }
  }

  /** Shard and epoch of each row written (null outside a cluster). */
  private readonly stamps: BatchStamps = {
    shardOf: (serviceId, checkId) => this.shardOf(serviceId, checkId),
    shardOfKey: (checkKey) => this.shardOfKey(checkKey),
    epochOf: (shard) => this.epochOf(shard),
    owner: () => this.fence?.owner ?? null,
  };

  private shardOf(serviceId: string, checkId: string): number | null {
    return this.fence ? this.fence.shardOf(serviceId, checkId) : null;
  }

  private shardOfKey(checkKey: number): number | null {
    const fence = this.fence;
    if (!fence) return null;
    let shard = this.shards.get(checkKey);
    if (shard === undefined) {
      const serviceId = this.checkKeys.serviceOf(checkKey)!;
      const checkId = this.checkKeys.checkOf(checkKey)!;
      this.shards.set(checkKey, (shard = fence.shardOf(serviceId, checkId)));
    }
    return shard;
  }

  private epochOf(shard: number | null): number | null {
    return shard === null || !this.fence ? null : this.fence.epochOf(shard);
  }

  // --- read path ------------------------------------------------------------------------------
  /** Checks another gateway created since this one started are looked up in Postgres. */
  protected override async findCheckKeys(serviceId: string, checkId?: string): Promise<number[]> {
    const known = this.checkKeys.find(serviceId, checkId);
    if (known.length > 0) return known;
    await this.loadCheckKeys([serviceId]);
    return this.checkKeys.find(serviceId, checkId);
  }

  /** Adds the stored checks of these services that this store does not know yet. */
  private async loadCheckKeys(serviceIds: readonly string[]): Promise<void> {
    for (const row of await selectChecks(this.pool, serviceIds)) {
      if (this.checkKeys.get(row.service_id, row.check_id) !== undefined) continue;
      this.checkKeys.add(row.key, row.service_id, row.check_id);
      this.writer.savedChecks.add(row.key);
    }
  }

  protected readRaw(checkKeys: readonly number[], fromMs: number, toMs: number): Promise<RawRow[]> {
    if (checkKeys.length === 0) return Promise.resolve([]);
    return this.writer.locked(async () => {
      const stored = await selectRaw(this.pool, checkKeys, fromMs, toMs);
      const keys = new Set(checkKeys);
      const pending = this.writer
        .notCommitted('raw')
        .filter((r) => keys.has(r.checkKey) && r.ts >= fromMs && r.ts < toMs);
      return stored.concat(pending);
    });
  }

  protected readRollups(
    resolution: 'minute' | 'hour' | 'day',
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Promise<RollupRow[]> {
    if (checkKeys.length === 0) return Promise.resolve([]);
    return this.writer.locked(async () => {
      const keys = new Set(checkKeys);
      const inRange = (r: RollupRow, lo: number, hi: number) =>
        keys.has(r.checkKey) && r.bucket >= lo && r.bucket < hi;
      if (resolution !== 'day') {
        const stored = await selectRollups(this.pool, resolution, checkKeys, fromMs, toMs);
        const remote = await this.remoteOpen(resolution, checkKeys, fromMs, toMs, stored);
        return stored.concat(
          this.writer.notCommitted(resolution).filter((r) => inRange(r, fromMs, toMs)),
          remote,
        );
      }
      // days folded by a committed batch come from rollup_day; the rest are folded here from hours
      const foldedUntil = Math.max(fromMs, Math.min(toMs, this.writer.durable.day));
      const days = await selectRollups(this.pool, 'day', checkKeys, fromMs, foldedUntil);
      if (foldedUntil >= toMs) return days;
      const hours = await selectRollups(this.pool, 'hour', checkKeys, foldedUntil, toMs);
      const unwritten = this.writer
        .notCommitted('hour')
        .filter((r) => inRange(r, foldedUntil, toMs));
      return days.concat(foldIntoDays(hours.concat(unwritten)));
    });
  }

  /** Retention for every check in the database (one statement per table), after a write. */
  protected async deleteOlderThan(cutoffs: Record<Resolution, number>): Promise<number> {
    await this.writer.drain();
    return this.writer.locked(() => deleteRowsOlderThan(this.pool, cutoffs));
  }

  async loadCheckStates(): Promise<CheckState[]> {
    return this.writer.locked(async () => {
      const states = await selectCheckStates(this.pool);
      for (const batch of this.writer.batches())
        for (const [key, state] of batch.states) states.set(key, structuredClone(state));
      return [...states.values()];
    });
  }

  // --- several gateways on one database -------------------------------------------------------
  /**
   * A result another gateway probed (relayed to this one): counted in the uptime columns, never
   * written (its prober writes it). History reads its open buckets from the prober's raw rows
   * (remoteOpen); only the check and the time of its latest result are kept here.
   */
  observeRemote(result: CheckResult): void {
    const ts = Date.parse(result.timestamp);
    this.uptime.add(result.serviceId, ts, 1, result.success ? 0 : 1, { minute: true, hour: true });
    this.remote.note(this.checkKey(result.serviceId, result.checkId), ts);
  }

  private readonly remote = new RemoteChecks();
  private remotePrunedAt = 0;

  /**
   * The rows of the still-open buckets of checks other gateways probe, made from the raw rows
   * their prober wrote: the buckets this gateway has not closed yet (the prober closes them on
   * the same schedule and writes their rows then), for the checks with a result relayed in them,
   * except a bucket stored already (a prober whose clock runs ahead) or open here (a check this
   * gateway took over since). A read sees what the prober has written: results of the last
   * ~flush interval (1 s) are not there yet, nor, while Postgres is down, any it buffers.
   */
  private async remoteOpen(
    resolution: 'minute' | 'hour',
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
    stored: readonly RollupRow[],
  ): Promise<RollupRow[]> {
    const builder = resolution === 'minute' ? this.minutes : this.hours;
    const from = Math.max(fromMs, builder.bucketOf(this.clock.now() - this.closeGraceMs));
    const keys = from < toMs ? this.remote.since(checkKeys, from) : [];
    if (keys.length === 0) return [];
    const raw = await selectRaw(this.pool, keys, from, toMs);
    // synchronous from here, so what is open here is seen as the base's read will see it
    const pair = (key: number, bucket: number) => `${key}:${bucket}`;
    const have = new Set(stored.map((r) => pair(r.checkKey, r.bucket)));
    for (const r of this.peekOpen(resolution, new Set(keys), from, toMs))
      have.add(pair(r.checkKey, r.bucket));
    return remoteOpenRows(raw, builder.sizeMs, (key, bucket) => !have.has(pair(key, bucket)));
  }

  protected override peekOpen(
    resolution: 'minute' | 'hour',
    checkKeys: ReadonlySet<number>,
    fromMs: number,
    toMs: number,
  ): RollupRow[] {
    const sizeMs = resolution === 'minute' ? MINUTE_MS : HOUR_MS;
    const made = this.made[resolution].filter(
      (r) => checkKeys.has(r.checkKey) && r.bucket + sizeMs > fromMs && r.bucket < toMs,
    );
    return super.peekOpen(resolution, checkKeys, fromMs, toMs).concat(made);
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
      await this.writer.locked(() =>
        this.rebuildOpenBuckets(new Set(keys.slice(i, i + RESUME_CHUNK))),
      );
  }

  private async rebuildOpenBuckets(keys: ReadonlySet<number>): Promise<void> {
    const since = Math.min(this.watermarks.minute, this.watermarks.hour);
    const stored = await selectRaw(this.pool, [...keys], since, Number.MAX_SAFE_INTEGER);
    // from here on synchronous: nothing is written or recorded between the read and the rebuild
    this.flushNow(); // this gateway's own buffered rows join the unwritten ones
    const own = this.writer.notCommitted('raw').filter((r) => keys.has(r.checkKey));
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

  // --- incidents (pg-incidents.ts) ---------------------------------------------------------
  openIncident(incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>): Promise<Incident> {
    return this.incidents.open(incident);
  }

  closeIncident(id: string, endedAt: string): Promise<Incident | undefined> {
    return this.incidents.close(id, endedAt);
  }

  openIncidents(): Promise<Incident[]> {
    return this.incidents.listOpen();
  }

  listIncidents(serviceId: string, limit: number): Promise<Incident[]> {
    return this.incidents.list(serviceId, limit);
  }

  // --- restart --------------------------------------------------------------------------------
  /**
   * After a restart, as SqliteResultStore does: the check keys, the watermarks, uptime counters
   * from closed rollups (summed per service in Postgres) and the still-open buckets rebuilt from
   * the raw rows after the watermarks.
   */
  private async resume(): Promise<void> {
    const checks = await selectChecks(this.pool);
    for (const row of checks) {
      this.checkKeys.add(row.key, row.service_id, row.check_id);
      this.writer.savedChecks.add(row.key);
    }
    this.watermarks = await selectWatermarks(this.pool);
    this.writer.durable = { ...this.watermarks };
    if (checks.length === 0) return;
    const now = this.clock.now();
    const floors = {
      minute: Math.max(now - 70 * MINUTE_MS, 0),
      hour: now - 24 * 7 * HOUR_MS - 2 * HOUR_MS,
    };
    for (const level of ['hour', 'minute'] as const) {
      const rows = await selectServiceSums(this.pool, level, floors[level], this.watermarks[level]);
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
    const keys = [...this.checkKeys.keys()];
    for (let i = 0; i < keys.length; i += RESUME_CHUNK) {
      const raw = await selectRaw(
        this.pool,
        keys.slice(i, i + RESUME_CHUNK),
        since,
        Number.MAX_SAFE_INTEGER,
      );
      for (const row of raw) {
        this.ingest(this.checkKeys.serviceOf(row.checkKey)!, row, {
          minute: row.ts >= this.watermarks.minute,
          hour: row.ts >= this.watermarks.hour,
        });
      }
    }
  }
}
