/*
 * Over 300 lines on purpose: the write path (buffer, minute/hour/day rollups, flush timer) and the
 * history read path share the buffered rows, open rollup buckets and watermarks, and every read
 * must merge stored with not-yet-written rows. Split in two, each half would reach into the other's
 * private state. The pure parts already live apart (history-points, rollup-builder, day-fold).
 */
import type { CheckResult, HistoryPoint, Incident } from '@aether/contract';
import { CheckKeyIndex } from './check-key-index.js';
import { systemClock, type Clock } from '../clock.js';
import { foldIntoDays } from './day-fold.js';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  pickResolution,
  pointsFromRaw,
  pointsFromRollups,
  type RawRow,
  type Resolution,
} from './history-points.js';
import { RollupBuilder, type ClosedRollups, type RollupRow } from './rollup-builder.js';
import { statusCode } from './status-code.js';
import { UptimeIndex } from './uptime-index.js';
import {
  DEFAULT_RETENTION,
  type CheckState,
  type HistoryRequest,
  type ResultStore,
  type StoreRetention,
  type UptimeCounts,
} from './types.js';

export interface ResultStoreOptions {
  clock?: Clock;
  retention?: Partial<StoreRetention>;
  /** Buffered results that trigger a write at once. */
  batchSize?: number;
  /** At most this long between writes while results arrive. */
  flushIntervalMs?: number;
  /**
   * A rollup bucket is closed this long after its end, so results of probes that started in
   * it (stamped with their start) and finished after it still land in it.
   */
  closeGraceMs?: number;
  /** Called when a timed flush fails; the batch is kept and retried. */
  onError?: (error: unknown) => void;
}

/** Buckets closed so far: every bucket starting before these instants has been written. */
export interface Watermarks {
  minute: number;
  hour: number;
  /** Days before this have been folded from their hours (see day-fold). */
  day: number;
}

/** Minute rows closed by one flush from which its hours wait for the next (separateHourClose). */
const SEPARATE_HOUR_CLOSE_FROM = 1000;

/**
 * A close being written a slice of checks at a time (see closeSlice): the buckets it closed and
 * the watermarks it moves to once every slice is written.
 */
export interface SlicedClose {
  minutes: ClosedRollups;
  hours: ClosedRollups;
  marks: Watermarks;
}

/** A batch too large to keep after repeated write failures is cut to this many results. */
const MAX_BUFFER = 200_000;

/**
 * Everything both stores share: buffering, rollup buckets, uptime counters, picking a
 * resolution for history. Subclasses only say how rows are kept.
 */
export abstract class ResultStoreBase implements ResultStore {
  protected readonly clock: Clock;
  protected readonly retention: StoreRetention;
  protected readonly minutes = new RollupBuilder(MINUTE_MS);
  protected readonly hours = new RollupBuilder(HOUR_MS);
  protected readonly uptime = new UptimeIndex();
  protected watermarks: Watermarks = { minute: 0, hour: 0, day: 0 };
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  protected readonly closeGraceMs: number;
  protected readonly onError: (error: unknown) => void;
  private buffer: RawRow[] = [];
  /** Closed buckets whose write failed, retried with the next batch. */
  private pending: { minute: RollupRow[]; hour: RollupRow[]; day: RollupRow[] } = {
    minute: [],
    hour: [],
    day: [],
  };
  private readonly lastTs = new Map<number, number>();
  private timer: unknown = undefined;
  private closed = false;

  constructor(options: ResultStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.batchSize = options.batchSize ?? 1000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.closeGraceMs = options.closeGraceMs ?? 30_000;
    this.onError = options.onError ?? (() => {});
  }

  /** The key of every check with data; subclasses fill it (and refill it after a restart). */
  protected readonly checkKeys = new CheckKeyIndex();

  /** The key of a check, created on first use. */
  protected checkKey(serviceId: string, checkId: string): number {
    return (
      this.checkKeys.get(serviceId, checkId) ??
      this.checkKeys.add(this.createCheckKey(serviceId, checkId), serviceId, checkId)
    );
  }

  /**
   * Keys of a service's checks for a history read. A store shared by several gateways overrides
   * it to look for checks another gateway created since this one started.
   */
  protected findCheckKeys(serviceId: string, checkId?: string): number[] | Promise<number[]> {
    return this.checkKeys.find(serviceId, checkId);
  }

  /**
   * Rows of the still-open buckets a history read includes. A store shared by several gateways
   * adds the open buckets of results other gateways probed (relayed to this one).
   */
  protected peekOpen(
    resolution: 'minute' | 'hour',
    checkKeys: ReadonlySet<number>,
    fromMs: number,
    toMs: number,
  ): RollupRow[] {
    const open = (resolution === 'minute' ? this.minutes : this.hours).peek(
      checkKeys,
      fromMs,
      toMs,
    );
    // the closed rows of a sliced close not written yet
    const closing = this.slicedClose?.[resolution === 'minute' ? 'minutes' : 'hours'];
    return closing ? open.concat(closing.peek(checkKeys, fromMs, toMs)) : open;
  }

  // --- what a subclass provides -------------------------------------------------------------
  /**
   * Checks per slice when a flush closes more than that many checks' buckets; 0 writes every
   * close in the flush that makes it. A store that slices implements writeInSlices, and folds
   * its days itself (nextDayMark), after the hours are written.
   */
  protected closeSlice(): number {
    return 0;
  }
  /** The close being written in slices, if any: until it ends, flushes write raw rows only. */
  protected slicedClose: SlicedClose | undefined;
  /**
   * Starts writing `slicedClose` a slice at a time; the store clears it when the last slice is
   * written. Until then the durable watermarks stay where they were.
   */
  protected writeInSlices(): void {
    throw new Error('a store with closeSlice must implement writeInSlices');
  }
  /** Allocates the key of a check seen for the first time (the index records it). */
  protected abstract createCheckKey(serviceId: string, checkId: string): number;
  /**
   * Writes a batch of raw rows, closed rollups and the new watermarks atomically (undefined: the
   * stored watermarks stay, as while a sliced close is written).
   */
  protected abstract persist(
    raw: readonly RawRow[],
    minutes: readonly RollupRow[],
    hours: readonly RollupRow[],
    days: readonly RollupRow[],
    watermarks: Watermarks | undefined,
  ): void;
  /** Sync for the embedded stores, a promise for a networked one (history awaits either). */
  protected abstract readRaw(
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Iterable<RawRow> | Promise<Iterable<RawRow>>;
  protected abstract readRollups(
    resolution: 'minute' | 'hour' | 'day',
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Iterable<RollupRow> | Promise<Iterable<RollupRow>>;
  protected abstract deleteOlderThan(cutoffs: Record<Resolution, number>): number | Promise<number>;
  abstract saveCheckState(state: CheckState): void;
  abstract loadCheckStates(): Promise<CheckState[]>;
  abstract openIncident(
    incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>,
  ): Promise<Incident>;
  abstract closeIncident(id: string, endedAt: string): Promise<Incident | undefined>;
  abstract openIncidents(): Promise<Incident[]>;
  abstract listIncidents(serviceId: string, limit: number): Promise<Incident[]>;

  // --- shared behaviour ---------------------------------------------------------------------
  recordResult(result: CheckResult): void {
    if (this.closed) return;
    const checkKey = this.checkKey(result.serviceId, result.checkId);
    const row = this.rawRowOf(
      result,
      checkKey,
      this.uniqueTs(checkKey, Date.parse(result.timestamp)),
    );
    this.ingest(result.serviceId, row, { minute: true, hour: true });
    this.buffer.push(row);
    if (this.buffer.length < this.batchSize) return this.armFlush();
    try {
      this.flushNow();
    } catch (error) {
      this.onError(error);
    }
  }

  /** The raw row a result is buffered as (a clustered store stamps it with its lease epoch). */
  protected rawRowOf(result: CheckResult, checkKey: number, ts: number): RawRow {
    return {
      checkKey,
      ts,
      code: statusCode(result.status),
      success: result.success,
      latencyMs: result.durationMs,
    };
  }

  /** Feeds a row to the rollup buckets and uptime counters (also used to rebuild after a restart). */
  protected ingest(
    serviceId: string,
    row: RawRow,
    levels: { minute: boolean; hour: boolean },
  ): void {
    if (levels.minute) this.minutes.add(row.checkKey, row.ts, row.code, row.success, row.latencyMs);
    if (levels.hour) this.hours.add(row.checkKey, row.ts, row.code, row.success, row.latencyMs);
    this.uptime.add(serviceId, row.ts, 1, row.success ? 0 : 1, levels);
  }

  /**
   * Raw rows are keyed by (check, ms). Two runs of one check in the same millisecond (a
   * verify right after a scheduled run under a fake clock) get consecutive ms instead of
   * overwriting each other; a clock that jumped back further than a second is left alone.
   */
  private uniqueTs(checkKey: number, ts: number): number {
    const last = this.lastTs.get(checkKey);
    const unique = last !== undefined && ts <= last && last - ts < 1000 ? last + 1 : ts;
    if (last === undefined || unique > last) this.lastTs.set(checkKey, unique);
    return unique;
  }

  async flush(): Promise<void> {
    this.flushNow();
    // the caller asked for everything: the hours left to the next flush too
    if (this.hoursDeferred) this.flushNow();
  }

  /**
   * Whether a flush that closes a fleet's minute (SEPARATE_HOUR_CLOSE_FROM rows or more) leaves
   * the hour closing with it to the next flush. For a store whose writes are synchronous: at the
   * top of the hour one flush closed and wrote every check's minute and hour rows together
   * (20,000 rows at 10,000 checks), twice the block of any other minute. Hours close at most
   * one flush interval later; nothing else changes.
   */
  protected readonly separateHourClose: boolean = false;
  /** The last flush left hours to the next one. */
  private hoursDeferred = false;

  /**
   * The write itself, synchronous for the embedded stores: the size trigger in recordResult and
   * the timer call it directly, so the probe path never allocates a promise.
   */
  protected flushNow(): void {
    // a sliced close is being written: raw rows only, buckets close after it
    if (this.slicedClose) return this.persistRaw();
    const until = this.clock.now() - this.closeGraceMs;
    const closedMinutes = this.minutes.detach(until);
    this.hoursDeferred = this.separateHourClose && closedMinutes.size >= SEPARATE_HOUR_CLOSE_FROM;
    // deferred: only buckets before the hour mark close (late parts of hours already written)
    const hourUntil = this.hoursDeferred ? Math.min(until, this.watermarks.hour) : until;
    const closedHours = this.hours.detach(hourUntil);
    const hourMark = Math.max(this.watermarks.hour, this.hours.bucketOf(hourUntil));
    const watermarks = {
      minute: Math.max(this.watermarks.minute, this.minutes.bucketOf(until)),
      hour: hourMark,
      day: this.nextDayMark(hourMark),
    };
    // closed rows retried after a failed write go in one write with the marks, as before
    const retrying =
      this.pending.minute.length + this.pending.hour.length + this.pending.day.length > 0;
    const slice = this.closeSlice();
    if (slice > 0 && closedMinutes.size + closedHours.size > slice && !retrying) {
      this.slicedClose = { minutes: closedMinutes, hours: closedHours, marks: watermarks };
      this.watermarks = watermarks;
      this.writeInSlices();
      return this.persistRaw();
    }
    const minutes = this.pending.minute.concat(closedMinutes.take(closedMinutes.size));
    const hours = this.pending.hour.concat(closedHours.take(closedHours.size));
    const days = this.pending.day.concat(this.foldDays(hours, watermarks.day));
    if (
      this.buffer.length === 0 &&
      minutes.length === 0 &&
      hours.length === 0 &&
      days.length === 0 &&
      watermarks.minute === this.watermarks.minute &&
      watermarks.hour === this.watermarks.hour &&
      watermarks.day === this.watermarks.day
    )
      return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      this.persist(batch, minutes, hours, days, watermarks);
      this.watermarks = watermarks;
      this.pending = { minute: [], hour: [], day: [] };
    } catch (error) {
      // keep what failed for the next attempt, but never grow without bound
      this.buffer = batch.concat(this.buffer).slice(-MAX_BUFFER);
      this.pending = { minute: minutes, hour: hours, day: days };
      throw error;
    }
  }

  /**
   * Writes the buffered raw rows without moving the stored watermarks: the flushes made while a
   * sliced close is written (a restart rebuilds the buckets it had not written from them).
   */
  private persistRaw(): void {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      this.persist(batch, [], [], [], undefined);
    } catch (error) {
      this.buffer = batch.concat(this.buffer).slice(-MAX_BUFFER);
      throw error;
    }
  }

  /**
   * The day watermark a flush writes, given the hour one. Here a day is folded (foldDays) in the
   * flush that writes its last hour; a store that folds after the flush, in slices, keeps the
   * mark where it is until it has.
   */
  protected nextDayMark(hourMark: number): number {
    return Math.max(this.watermarks.day, hourMark - (hourMark % DAY_MS));
  }

  /** Closed hour rollups waiting for a retried write: a fold must wait for them too. */
  protected get unwrittenHours(): number {
    return this.pending.hour.length;
  }

  /** Makes sure a timed flush is coming (subclasses that buffer more than results call it too). */
  protected armFlush(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      try {
        this.flushNow();
      } catch (error) {
        this.onError(error);
      }
      this.armFlush();
    }, this.flushIntervalMs);
  }

  /**
   * Day rows of the days in [watermarks.day, untilDay): their stored hours plus the hours this
   * batch writes. Once a day per store, reading every check's 24 hour rows of the day before.
   * Runs inside the synchronous flush, so it needs a store that reads synchronously; a networked
   * store overrides it and folds in its own (asynchronous) write.
   */
  protected foldDays(batchHours: readonly RollupRow[], untilDay: number): RollupRow[] {
    const fromDay = this.watermarks.day;
    if (untilDay <= fromDay) return [];
    const keys = [...this.checkKeys.keys()];
    // a fresh store (no day folded yet) starts at its oldest retained hour
    const stored = this.readRollups('hour', keys, fromDay, untilDay);
    if (stored instanceof Promise)
      throw new Error('a store that reads asynchronously must override foldDays');
    const fresh = batchHours.filter((r) => r.bucket >= fromDay && r.bucket < untilDay);
    return foldIntoDays(concat(stored, fresh));
  }

  async history(request: HistoryRequest): Promise<HistoryPoint[]> {
    const { fromMs, toMs, stepMs } = request;
    const keys = await this.findCheckKeys(request.serviceId, request.checkId);
    const resolution = pickResolution(stepMs, fromMs, this.clock.now(), this.retention);
    if (resolution === 'raw') {
      const stored = await this.readRaw(keys, fromMs, toMs);
      // after the read: rows a flush moved out of the buffer meanwhile are in what was read
      const pending = this.buffer.filter(
        (r) => keys.includes(r.checkKey) && r.ts >= fromMs && r.ts < toMs,
      );
      return pointsFromRaw(concat(stored, pending), fromMs, toMs, stepMs);
    }
    if (resolution === 'day') return this.dayHistory(keys, fromMs, toMs, stepMs);
    const builder = resolution === 'minute' ? this.minutes : this.hours;
    const from = builder.bucketOf(fromMs);
    const stored = await this.readRollups(resolution, keys, from, toMs);
    const keySet = new Set(keys);
    const open = this.peekOpen(resolution, keySet, from, toMs);
    const unwritten = this.pending[resolution].filter(
      (r) => keySet.has(r.checkKey) && r.bucket >= from && r.bucket < toMs,
    );
    return pointsFromRollups(concat(stored, open, unwritten), fromMs, toMs, stepMs);
  }

  /**
   * Day rollups for the days already folded, hour rollups (stored, unwritten and still open)
   * for the rest: today, and yesterday until its last hour is written.
   */
  private async dayHistory(
    keys: readonly number[],
    fromMs: number,
    toMs: number,
    stepMs: number,
  ): Promise<HistoryPoint[]> {
    const from = fromMs - (((fromMs % DAY_MS) + DAY_MS) % DAY_MS);
    const folded = Math.min(this.watermarks.day, toMs);
    const keySet = new Set(keys);
    const inRange = (r: RollupRow, lo: number, hi: number) =>
      keySet.has(r.checkKey) && r.bucket >= lo && r.bucket < hi;
    const days = from < folded ? await this.readRollups('day', keys, from, folded) : [];
    const unwrittenDays = this.pending.day.filter((r) => inRange(r, from, folded));
    const hourFrom = Math.max(from, this.watermarks.day);
    const hours =
      hourFrom < toMs
        ? concat(
            await this.readRollups('hour', keys, hourFrom, toMs),
            this.peekOpen('hour', keySet, hourFrom, toMs),
            this.pending.hour.filter((r) => inRange(r, hourFrom, toMs)),
          )
        : [];
    return pointsFromRollups(concat(days, unwrittenDays, hours), fromMs, toMs, stepMs);
  }

  async uptimeByService(fromMs: number, toMs: number): Promise<Map<string, UptimeCounts>> {
    return this.uptime.query(fromMs, toMs);
  }

  async prune(nowMs: number): Promise<number> {
    return this.deleteOlderThan({
      raw: nowMs - this.retention.rawMs,
      minute: nowMs - this.retention.minuteMs,
      hour: nowMs - this.retention.hourMs,
      day: nowMs - this.retention.dayMs,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.flushNow();
      if (this.hoursDeferred) this.flushNow();
    } finally {
      this.closed = true;
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

function* concat<T>(...parts: Iterable<T>[]): Iterable<T> {
  for (const part of parts) yield* part;
}
