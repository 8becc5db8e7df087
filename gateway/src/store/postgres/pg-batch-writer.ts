import type pg from 'pg';
import type { Watermarks } from '../result-store-base.js';
import {
  batchRows,
  dropOldest,
  emptyBatch,
  hasWork,
  mergeBatches,
  writeBatch,
  type BatchStamps,
  type ResultBatch,
} from './pg-result-batch.js';
import { writeStatements } from './pg-result-schema.js';

export interface PgBatchWriterOptions {
  /** Raw rows (and as many minute rollups) kept while Postgres cannot be reached. */
  maxBufferedRows: number;
  /** First retry after a failed write; doubles up to maxRetryMs. */
  retryMs: number;
  maxRetryMs: number;
  onError: (error: unknown) => void;
  /** Shard and epoch of each row written (null outside a cluster). */
  stamps: BatchStamps;
  fenced: boolean;
}

/**
 * PgResultStore's outage buffer and background writer: what the store accepted and has not
 * committed yet (the batch being written, then the rest), written one transaction at a time with
 * backoff while Postgres is away, bounded by dropping the oldest rows. Reads and the writer take
 * turns on one lock, so a read that merges the uncommitted rows never counts a row twice nor
 * misses one while its batch is in flight.
 */
export class PgBatchWriter {
  /** What arrived since the last write started; the store adds to it. */
  unwritten = emptyBatch();
  /** The batch the writer is committing (back into unwritten if that fails). */
  private inflight: ResultBatch | undefined;
  /** Watermarks committed to Postgres (the store's run ahead of them while a batch is in flight). */
  durable: Watermarks = { minute: 0, hour: 0, day: 0 };
  /** Check keys stored in result_checks. */
  readonly savedChecks = new Set<number>();
  private sql: ReturnType<typeof writeStatements>;
  private writing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private lockChain: Promise<unknown> = Promise.resolve();
  private readonly counters = { dropped: 0, fenced: 0, reachable: true };

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PgBatchWriterOptions,
  ) {
    this.sql = writeStatements(options.fenced);
    this.retryDelay = options.retryMs;
  }

  /** From the next write on, rows carry shard and epoch and stale ones are refused. */
  fence(): void {
    this.sql = writeStatements(true);
  }

  stats() {
    return {
      buffered: batchRows(this.unwritten) + (this.inflight ? batchRows(this.inflight) : 0),
      dropped: this.counters.dropped,
      fenced: this.counters.fenced,
      reachable: this.counters.reachable,
    };
  }

  /** What is accepted but not committed, oldest first: the batch being written, then the rest. */
  batches(): ResultBatch[] {
    return this.inflight ? [this.inflight, this.unwritten] : [this.unwritten];
  }

  notCommitted<K extends 'raw' | 'minute' | 'hour'>(kind: K): ResultBatch[K] {
    return this.batches().flatMap((batch) => batch[kind] as unknown[]) as ResultBatch[K];
  }

  /** Drops the oldest raw rows and minute rollups past the bound (hours and states are few). */
  bound(): void {
    this.counters.dropped += dropOldest(this.unwritten, this.options.maxBufferedRows);
  }

  /** Starts a background write unless one runs or a retry is waiting. */
  kick(): void {
    if (this.writing || this.retryTimer || !hasWork(this.unwritten)) return;
    this.startWrite().then(
      () => this.kick(),
      (error: unknown) => {
        this.options.onError(error);
        this.scheduleRetry();
      },
    );
  }

  /** Writes until nothing is left; rejects with the error when Postgres cannot take it now. */
  async drain(): Promise<void> {
    this.stopRetrying();
    for (;;) {
      if (this.writing) {
        await this.writing.catch(() => {});
        continue;
      }
      if (!hasWork(this.unwritten)) return;
      try {
        await this.startWrite();
      } catch (error) {
        this.scheduleRetry();
        throw error;
      }
    }
  }

  /** Cancels a waiting retry (closing). */
  stopRetrying(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Runs fn after every read or write queued before it (reads and the writer take turns). */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lockChain.then(fn, fn);
    this.lockChain = run.catch(() => {});
    return run;
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, this.options.maxRetryMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
    this.retryTimer.unref();
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
          this.retryDelay = this.options.retryMs;
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
        stamps: this.options.stamps,
        foldDaysFrom: this.durable.day,
        onError: this.options.onError,
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
}
