import { randomUUID } from 'node:crypto';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { Incident } from '@aether/contract';
import { DAY_MS, HOUR_MS, MINUTE_MS, type RawRow, type Resolution } from './history-points.js';
import { foldIntoDays } from './day-fold.js';
import { DAY_CACHE_MIN_RANGE_MS, DayRowCache } from './day-row-cache.js';
import { migrate } from './migrate.js';
import {
  ResultStoreBase,
  type ResultStoreOptions,
  type SlicedClose,
  type Watermarks,
} from './result-store-base.js';
import type { RollupRow } from './rollup-builder.js';
import {
  prepareStatements,
  RESULT_MIGRATIONS,
  toIncident,
  type IncidentRow,
  type RollupArrayRow,
  type RollupDbRow,
} from './sqlite-result-schema.js';
import type { CheckState } from './types.js';

/** Checks per prune transaction (see deleteOlderThan). */
const PRUNE_SLICE = 500;
/** Checks per day-fold transaction (see foldInSlices). */
const FOLD_SLICE = 100;
/** Check states per transaction (see writePendingStates). */
const STATE_SLICE = 250;
/** Checks per transaction of a minute or hour close (see writeInSlices). */
const CLOSE_SLICE = 1000;
/** Where a close written in slices has got to (see writeInSlices and resume). */
const CLOSE_META = ['close.minute', 'close.hour', 'close.minute.key', 'close.hour.key'] as const;

/** The embedded default: one SQLite database shared with the other gateway stores. */
export class SqliteResultStore extends ResultStoreBase {
  private readonly sql: ReturnType<typeof prepareStatements>;
  /** Latest state per check not yet written: written with the next flush, one transaction for all. */
  private readonly pendingStates = new Map<string, CheckState>();
  private readonly writeStates: (states: Iterable<CheckState>) => void;
  /** Long ranges of the day tier, read once per check until days are written or pruned. */
  private readonly days = new DayRowCache();
  /** Writes folded day rows whole: a fold redone after a restart replaces, never adds. */
  private readonly writeDays: (rows: readonly RollupRow[]) => void;
  protected override readonly separateHourClose = true;
  /** The day fold running after a flush, if any. */
  private folding: Promise<void> | undefined;
  private closing = false;
  /** The slices of `slicedClose` being written, if any (none after a failed slice). */
  private closeWriting: Promise<void> | undefined;
  /** The rest of the pending states being written a slice per turn, if any. */
  private statesWriting: Promise<void> | undefined;
  /** Why the last slice failed; flush() rethrows it. */
  private closeFailure: unknown = undefined;
  private readonly writeCloseSlice: (
    minutes: readonly RollupRow[],
    hours: readonly RollupRow[],
    close: SlicedClose,
  ) => void;
  /** Whether this store began the transaction open on the connection (see inTurn). */
  private turnOpen = false;
  /** The COMMIT of the turn's transaction, due when the loop's check phase comes. */
  private turnCommit: NodeJS.Immediate | undefined;

  constructor(
    private readonly db: Database.Database,
    options: ResultStoreOptions = {},
  ) {
    super(options);
    migrate(db, 'results', RESULT_MIGRATIONS);
    this.sql = prepareStatements(db);
    this.persistBatch = db.transaction(
      (
        raw: readonly RawRow[],
        minutes: readonly RollupRow[],
        hours: readonly RollupRow[],
        days: readonly RollupRow[],
        watermarks: Watermarks | undefined,
      ) => {
        for (const r of raw)
          this.sql.insertRaw.run(
            r.checkKey,
            r.ts,
            r.code,
            r.success ? 1 : 0,
            Math.round(r.latencyMs * 1000),
          );
        const upsert = (statement: Database.Statement, r: RollupRow) =>
          statement.run(r.checkKey, r.bucket, r.count, r.failures, r.worst, r.p50, r.p95, r.p99);
        for (const r of minutes) upsert(this.sql.minute.upsert, r);
        for (const r of hours) upsert(this.sql.hour.upsert, r);
        for (const r of days) upsert(this.sql.day.upsert, r);
        if (!watermarks) return;
        this.sql.setMeta.run('watermark.minute', watermarks.minute);
        this.sql.setMeta.run('watermark.hour', watermarks.hour);
        this.sql.setMeta.run('watermark.day', watermarks.day);
      },
    );
    const clearCloseMeta = db.prepare(
      `DELETE FROM results_meta WHERE key IN (${CLOSE_META.map(() => '?').join(', ')})`,
    );
    this.writeCloseSlice = db.transaction(
      (minutes: readonly RollupRow[], hours: readonly RollupRow[], close: SlicedClose) => {
        const upsert = (statement: Database.Statement, r: RollupRow) =>
          statement.run(r.checkKey, r.bucket, r.count, r.failures, r.worst, r.p50, r.p95, r.p99);
        for (const r of minutes) upsert(this.sql.minute.upsert, r);
        for (const r of hours) upsert(this.sql.hour.upsert, r);
        if (close.minutes.left + close.hours.left === 0) {
          this.sql.setMeta.run('watermark.minute', close.marks.minute);
          this.sql.setMeta.run('watermark.hour', close.marks.hour);
          clearCloseMeta.run(...CLOSE_META);
          return;
        }
        const taken = (n: number) => (n === -Infinity ? -1 : n);
        this.sql.setMeta.run('close.minute', close.marks.minute);
        this.sql.setMeta.run('close.hour', close.marks.hour);
        this.sql.setMeta.run('close.minute.key', taken(close.minutes.lastTaken));
        this.sql.setMeta.run('close.hour.key', taken(close.hours.lastTaken));
      },
    );
    const replaceDay = db.prepare(
      `INSERT OR REPLACE INTO rollup_day (check_key, bucket, count, failures, worst, p50, p95, p99)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.writeDays = db.transaction((rows: readonly RollupRow[]) => {
      for (const r of rows)
        replaceDay.run(r.checkKey, r.bucket, r.count, r.failures, r.worst, r.p50, r.p95, r.p99);
    });
    this.writeStates = db.transaction((states: Iterable<CheckState>) => {
      for (const state of states)
        this.sql.saveState.run(state.serviceId, state.checkId, JSON.stringify(state));
    });
    this.resume();
  }

  protected override closeSlice(): number {
    return this.closing ? 0 : CLOSE_SLICE;
  }

  /**
   * A flush that closes more than CLOSE_SLICE checks' minute or hour buckets (every minute at
   * 10,000 checks) writes them CLOSE_SLICE checks per transaction, in check-key order, with a
   * turn of the event loop between: closing 10,000 checks' minute in the flush (quantiles and
   * 10,000 upserts) held the loop for 12–31 ms of CPU, the hour 17–20 ms; a slice takes 1.2–1.7
   * ms (process CPU around each call, 10,000 checks, load 10–28).
   * Each slice records how far it got (close.* in results_meta); the last one moves the
   * watermarks and clears that. Reads see the rows not written yet through peekOpen. After a
   * restart between slices, resume rebuilds each check's buckets from the raw rows after its own
   * mark (the close's for the checks written, the old watermark for the others), so nothing is
   * counted twice or lost, and finishes the close before the store is used.
   */
  protected override writeInSlices(): void {
    this.closeFailure = undefined;
    this.closeWriting = this.writeSlices().finally(() => {
      this.closeWriting = undefined;
    });
  }

  private async writeSlices(): Promise<void> {
    try {
      while (this.slicedClose) {
        await yieldTurn();
        this.writeNextSlice(this.slicedClose);
      }
    } catch (error) {
      this.closeFailure = error;
      this.onError(error);
    }
  }

  /** Writes the next CLOSE_SLICE checks of a close; clears slicedClose after the last one. */
  private writeNextSlice(close: SlicedClose): void {
    const at = { minutes: close.minutes.position, hours: close.hours.position };
    const minutes = close.minutes.take(CLOSE_SLICE);
    const hours = close.hours.take(
      Math.max(0, CLOSE_SLICE - (close.minutes.position - at.minutes)),
    );
    try {
      this.commitTurn();
      this.writeCloseSlice(minutes, hours, close);
    } catch (error) {
      close.minutes.rewind(at.minutes);
      close.hours.rewind(at.hours);
      throw error;
    }
    if (close.minutes.left + close.hours.left === 0) this.slicedClose = undefined;
  }

  /**
   * Days are folded after the flush that writes their last hour, FOLD_SLICE checks per
   * transaction with a turn of the event loop between: folding 10,000 checks' 24 hours in the
   * flush (240,000 hour rows read, 10,000 day rows written) held the loop for ~220 ms of CPU at
   * midnight (in process, load 20). The day watermark moves, in memory and on disk, only when
   * every check's day is written, so history reads keep taking that day from its hours until
   * then, and a fold cut short by a restart is done again (its rows replace, not add up).
   */
  protected override nextDayMark(hourMark: number): number {
    const untilDay = hourMark - (hourMark % DAY_MS);
    if (untilDay > this.watermarks.day && !this.folding && !this.closing) {
      this.folding = this.foldInSlices(untilDay)
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.folding = undefined;
        });
    }
    return this.watermarks.day;
  }

  private async foldInSlices(untilDay: number): Promise<void> {
    // after the write of the flush that started it, which holds the day's last hours
    await yieldTurn();
    if (this.closeWriting) await this.closeWriting;
    // an hour whose write failed is retried by the next flush, which starts the fold again
    if (this.unwrittenHours > 0 || this.slicedClose) return;
    const fromDay = this.watermarks.day;
    const keys = [...this.checkKeys.keys()];
    for (let i = 0; i < keys.length; i += FOLD_SLICE) {
      if (i > 0) await yieldTurn();
      if (this.closing) return;
      const slice = keys.slice(i, i + FOLD_SLICE);
      this.commitTurn();
      this.writeDays(foldIntoDays(this.readRollups('hour', slice, fromDay, untilDay)));
    }
    this.commitTurn();
    this.sql.setMeta.run('watermark.day', untilDay);
    this.watermarks = { ...this.watermarks, day: untilDay };
    this.days.clear();
  }

  /** Writes what is buffered, every slice of the closes it makes, and the day folds it starts. */
  override async flush(): Promise<void> {
    for (;;) {
      await super.flush();
      if (this.closeWriting) {
        await this.closeWriting;
        if (this.closeFailure !== undefined) throw this.closeFailure;
      } else if (this.folding) await this.folding;
      else if (this.statesWriting) await this.statesWriting;
      else return;
    }
  }

  override async close(): Promise<void> {
    while (this.folding || this.closeWriting || this.statesWriting)
      await (this.folding ?? this.closeWriting ?? this.statesWriting);
    this.closing = true;
    // a close whose slice failed: the rest in one go, before the last flush
    while (this.slicedClose) this.writeNextSlice(this.slicedClose);
    await super.close();
    this.commitTurn();
  }

  protected override flushNow(): void {
    // a close whose slice failed is taken up again by the next flush
    if (this.slicedClose && !this.closeWriting && !this.closing) this.writeInSlices();
    super.flushNow();
    this.writePendingStates();
  }

  /**
   * The check states saved since the last flush, STATE_SLICE per transaction: the first in the
   * flush, the rest a slice per turn of the event loop. At 10,000 checks a flush carries ~1,000
   * states (one per probe, ~380 bytes of JSON each, rows spread over as many pages); in one
   * transaction they held the loop for 10–28 ms of CPU every second (process CPU around each
   * flush, 10,000 checks, load 20–25; 2–9 ms without states). A state is only its check's
   * latest, so a restart between slices loses no more than the unwritten buffer would.
   */
  private writePendingStates(): void {
    if (this.pendingStates.size === 0) return;
    if (this.closing) {
      this.commitTurn();
      this.writeStates(this.pendingStates.values());
      this.pendingStates.clear();
      return;
    }
    this.writeStateSlice();
    if (this.pendingStates.size === 0 || this.statesWriting) return;
    this.statesWriting = (async () => {
      while (this.pendingStates.size > 0 && !this.closing) {
        await yieldTurn();
        try {
          this.writeStateSlice();
        } catch (error) {
          this.onError(error); // the next flush writes them
          return;
        }
      }
    })().finally(() => {
      this.statesWriting = undefined;
    });
  }

  /** Writes the first STATE_SLICE pending states (they stay pending if the write fails). */
  private writeStateSlice(): void {
    const keys: string[] = [];
    const states: CheckState[] = [];
    for (const [key, state] of this.pendingStates) {
      keys.push(key);
      states.push(state);
      if (keys.length === STATE_SLICE) break;
    }
    this.commitTurn();
    this.writeStates(states);
    for (const key of keys) this.pendingStates.delete(key);
  }

  private readonly persistBatch: (
    raw: readonly RawRow[],
    minutes: readonly RollupRow[],
    hours: readonly RollupRow[],
    days: readonly RollupRow[],
    watermarks: Watermarks | undefined,
  ) => void;

  /**
   * After a restart: the check keys, the rollup buckets that were still open (rebuilt from the
   * raw rows after the watermarks) and the uptime counters (from closed rollups plus those rows).
   * A close cut short between two slices moved its checks' marks up to the close's own: checks
   * it wrote are rebuilt from there, the others from the old watermark, and their part of the
   * close is written before the store is used.
   */
  private resume(): void {
    for (const row of this.db
      .prepare('SELECT key, service_id, check_id FROM result_checks')
      .all() as { key: number; service_id: string; check_id: string }[]) {
      this.checkKeys.add(row.key, row.service_id, row.check_id);
    }
    const meta = new Map(
      (
        this.db.prepare('SELECT key, value FROM results_meta').all() as {
          key: string;
          value: number;
        }[]
      ).map((r) => [r.key, r.value]),
    );
    this.watermarks = {
      minute: meta.get('watermark.minute') ?? 0,
      hour: meta.get('watermark.hour') ?? 0,
      day: meta.get('watermark.day') ?? 0,
    };
    const cut = meta.has('close.minute')
      ? {
          minute: meta.get('close.minute')!,
          hour: meta.get('close.hour')!,
          minuteKey: meta.get('close.minute.key') ?? -1,
          hourKey: meta.get('close.hour.key') ?? -1,
        }
      : undefined;
    if (this.checkKeys.size === 0) return;
    const now = this.clock.now();
    const minuteFloor = now - 70 * MINUTE_MS;
    const hourFloor = now - 24 * 7 * HOUR_MS - 2 * HOUR_MS;
    for (const key of this.checkKeys.keys()) {
      const serviceId = this.checkKeys.serviceOf(key)!;
      const minuteMark = cut && key <= cut.minuteKey ? cut.minute : this.watermarks.minute;
      const hourMark = cut && key <= cut.hourKey ? cut.hour : this.watermarks.hour;
      for (const r of this.sql.hour.range.iterate(
        key,
        hourFloor,
        hourMark,
      ) as Iterable<RollupDbRow>) {
        this.uptime.add(serviceId, r.bucket, r.count, r.failures, { minute: false, hour: true });
      }
      for (const r of this.sql.minute.range.iterate(
        key,
        Math.max(minuteFloor, 0),
        minuteMark,
      ) as Iterable<RollupDbRow>) {
        this.uptime.add(serviceId, r.bucket, r.count, r.failures, { minute: true, hour: false });
      }
      const since = Math.min(minuteMark, hourMark);
      for (const row of this.readRaw([key], since, Number.MAX_SAFE_INTEGER)) {
        this.ingest(serviceId, row, { minute: row.ts >= minuteMark, hour: row.ts >= hourMark });
      }
    }
    if (cut) this.finishCutClose(cut);
  }

  /** The part of a close cut short by a restart that was not written: in one transaction. */
  private finishCutClose(cut: { minute: number; hour: number }): void {
    const marks = {
      minute: Math.max(this.watermarks.minute, cut.minute),
      hour: Math.max(this.watermarks.hour, cut.hour),
      day: this.watermarks.day,
    };
    const clearCloseMeta = this.db.prepare(
      `DELETE FROM results_meta WHERE key IN (${CLOSE_META.map(() => '?').join(', ')})`,
    );
    this.db.transaction(() => {
      this.persistBatch(
        [],
        this.minutes.close(marks.minute),
        this.hours.close(marks.hour),
        [],
        marks,
      );
      clearCloseMeta.run(...CLOSE_META);
    })();
    this.watermarks = marks;
  }

  protected createCheckKey(serviceId: string, checkId: string): number {
    return Number(this.sql.insertCheck.run(serviceId, checkId).lastInsertRowid);
  }

  protected persist(
    raw: readonly RawRow[],
    minutes: readonly RollupRow[],
    hours: readonly RollupRow[],
    days: readonly RollupRow[],
    watermarks: Watermarks | undefined,
  ): void {
    // a folded day (or a retried one) changes what a cached check's days are
    if (days.length > 0) this.days.clear();
    this.commitTurn();
    this.persistBatch(raw, minutes, hours, days, watermarks);
  }

  protected *readRaw(checkKeys: readonly number[], fromMs: number, toMs: number): Iterable<RawRow> {
    for (const checkKey of checkKeys) {
      for (const r of this.sql.rawRange.iterate(checkKey, fromMs, toMs) as Iterable<{
        ts: number;
        status: number;
        success: number;
        latency_us: number;
      }>) {
        yield {
          checkKey,
          ts: r.ts,
          code: r.status,
          success: r.success === 1,
          latencyMs: r.latency_us / 1000,
        };
      }
    }
  }

  protected *readRollups(
    resolution: 'minute' | 'hour' | 'day',
    checkKeys: readonly number[],
    fromMs: number,
    toMs: number,
  ): Iterable<RollupRow> {
    const read = (checkKey: number, from: number, to: number): RollupRow[] =>
      (this.sql[resolution].rangeArrays.all(checkKey, from, to) as RollupArrayRow[]).map(
        ([bucket, count, failures, worst, p50, p95, p99]) => ({
          checkKey,
          bucket,
          count,
          failures,
          worst,
          p50,
          p95,
          p99,
        }),
      );
    const cached = resolution === 'day' && toMs - fromMs >= DAY_CACHE_MIN_RANGE_MS;
    for (const checkKey of checkKeys)
      yield* cached
        ? this.days.range(checkKey, fromMs, toMs, () =>
            read(checkKey, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
          )
        : read(checkKey, fromMs, toMs);
  }

  /**
   * A transaction per PRUNE_SLICE checks, a turn of the event loop between them: at 10,000 checks
   * one transaction for all (four DELETEs per check, most deleting nothing) held the loop for 21–30
   * ms of CPU every minute (load 20, in process). Each slice is a complete delete of its checks'
   * old rows, so a restart between slices leaves nothing inconsistent, only rows the next prune
   * deletes.
   */
  protected async deleteOlderThan(cutoffs: Record<Resolution, number>): Promise<number> {
    const deleteSlice = this.db.transaction((keys: readonly number[]) => {
      let deleted = 0;
      for (const key of keys) {
        deleted += this.sql.pruneRaw.run(key, cutoffs.raw).changes;
        deleted += this.sql.minute.prune.run(key, cutoffs.minute).changes;
        deleted += this.sql.hour.prune.run(key, cutoffs.hour).changes;
        deleted += this.sql.day.prune.run(key, cutoffs.day).changes;
      }
      return deleted;
    });
    const keys = [...this.checkKeys.keys()];
    let deleted = 0;
    for (let i = 0; i < keys.length; i += PRUNE_SLICE) {
      if (i > 0) await yieldTurn();
      if (!this.db.open) break;
      this.commitTurn();
      deleted += deleteSlice(keys.slice(i, i + PRUNE_SLICE));
    }
    // a long-range history read between slices may have cached day rows deleted since
    this.days.clear();
    return deleted;
  }

  /** Buffered like results: at 1,000 results/s a transaction per state would cost more than the probes. */
  saveCheckState(state: CheckState): void {
    this.pendingStates.set(`${state.serviceId}\u0000${state.checkId}`, state);
    this.armFlush();
  }

  async loadCheckStates(): Promise<CheckState[]> {
    const states = new Map<string, CheckState>();
    for (const row of this.sql.loadStates.all() as { state: string }[]) {
      const state = JSON.parse(row.state) as CheckState;
      states.set(`${state.serviceId}\u0000${state.checkId}`, state);
    }
    for (const [key, state] of this.pendingStates) states.set(key, structuredClone(state));
    return [...states.values()];
  }

  /**
   * The incident writes of one turn of the event loop share one transaction: the first runs BEGIN
   * (unless the connection is in a transaction already), a setImmediate runs the COMMIT. Each status
   * change closes one incident and opens the next; under churn (~1,000 changes/s) each autocommit
   * was its own WAL commit, two per change, at ~70-80 µs of CPU per close+open pair; in a turn's
   * transaction ~40-48 µs with 10 or more changes a turn, and ~180 commits a second instead of
   * ~1,200 (scratch driver on a WAL file opened as the gateway does, process CPU, load ~20).
   * Reads on this connection see the rows at once. The rules:
   * - the store's own batch writes (flush, close slices, day fold, states, prune) and close()
   *   commit the turn's transaction first, so each stays its own transaction as before;
   * - the other stores sharing the connection that write in the same turn write inside it (their
   *   transactions become savepoints): committed at the end of the turn, not at once;
   * - a write that fails undoes that statement only (SQLite's default ABORT) and throws to its
   *   caller; the turn's other writes are kept and committed;
   * - if SQLite rolled the whole transaction back itself (disk full, I/O error) or the COMMIT
   *   fails, the turn's writes are lost and onError hears of it; the next write begins anew.
   * With synchronous=NORMAL a WAL commit syncs nothing, so no fsync moves into or out of a turn.
   */
  private inTurn<T>(write: () => T): T {
    if (!this.db.inTransaction) {
      if (this.turnOpen)
        this.onError(new Error('SQLite rolled back the incident writes of a turn'));
      this.db.exec('BEGIN');
      this.turnOpen = true;
      this.commitAtTurnEnd();
    }
    return write();
  }

  private commitAtTurnEnd(): void {
    this.turnCommit ??= setImmediate(() => {
      this.turnCommit = undefined;
      this.commitTurn();
    });
  }

  /**
   * Commits the transaction inTurn began, if it is open (see there). A COMMIT that fails is
   * rolled back; if neither can run (a query's iterator still open on the connection), the next
   * turn tries again, so the transaction never stays open for good.
   */
  private commitTurn(): void {
    if (!this.turnOpen) return;
    this.turnOpen = false;
    if (!this.db.open) return;
    if (!this.db.inTransaction) {
      this.onError(new Error('SQLite rolled back the incident writes of a turn'));
      return;
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      this.onError(error);
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        this.turnOpen = true;
        this.commitAtTurnEnd();
      }
    }
  }

  async openIncident(incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>): Promise<Incident> {
    const id = randomUUID();
    this.inTurn(() =>
      this.sql.insertIncident.run(
        id,
        incident.serviceId,
        incident.checkId,
        incident.status,
        incident.startedAt,
        incident.cause,
      ),
    );
    return { ...incident, id, endedAt: null, durationMs: null };
  }

  /** The row comes back from the UPDATE; read only when it was closed already (or is unknown). */
  async closeIncident(id: string, endedAt: string): Promise<Incident | undefined> {
    const row = (this.inTurn(() => this.sql.closeIncident.get(endedAt, id)) ??
      this.sql.getIncident.get(id)) as IncidentRow | undefined;
    return row && toIncident(row);
  }

  async openIncidents(): Promise<Incident[]> {
    return (this.sql.openIncidents.all() as IncidentRow[]).map(toIncident);
  }

  async listIncidents(serviceId: string, limit: number): Promise<Incident[]> {
    return (this.sql.listIncidents.all(serviceId, limit) as IncidentRow[]).map(toIncident);
  }
}
