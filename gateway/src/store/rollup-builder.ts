import { LatencySketch } from './latency-sketch.js';

/** One closed (or still open) rollup bucket of one check. */
export interface RollupRow {
  checkKey: number;
  /** Start of the bucket, ms since the epoch, aligned to the bucket size. */
  bucket: number;
  count: number;
  failures: number;
  /** Worst status code (severity) seen in the bucket. */
  worst: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One check's part of an open bucket: its latency sketch (whose count is the bucket's) and the rest. */
class Accumulator extends LatencySketch {
  failures = 0;
  worst = 0;
}

/**
 * Accumulates results into fixed buckets (a minute, an hour) in memory and hands out each
 * bucket's row once the clock has passed its end: quantiles are computed from that bucket's
 * own samples (see LatencySketch), never averaged from finer rollups. A result that arrives
 * for a bucket already closed opens it again and is merged into the stored row on the next
 * close (see mergeRollup).
 */
export class RollupBuilder {
  private readonly open = new Map<number, Map<number, Accumulator>>();

  constructor(readonly sizeMs: number) {}

  bucketOf(ts: number): number {
    return ts - (((ts % this.sizeMs) + this.sizeMs) % this.sizeMs);
  }

  add(checkKey: number, ts: number, code: number, success: boolean, latencyMs: number): void {
    const bucket = this.bucketOf(ts);
    let checks = this.open.get(bucket);
    if (!checks) this.open.set(bucket, (checks = new Map()));
    let acc = checks.get(checkKey);
    if (!acc) checks.set(checkKey, (acc = new Accumulator()));
    if (!success) acc.failures++;
    if (code > acc.worst) acc.worst = code;
    acc.add(latencyMs);
  }

  /** Removes and returns every bucket that ends at or before `untilMs`. */
  close(untilMs: number): RollupRow[] {
    const rows: RollupRow[] = [];
    for (const [bucket, checks] of this.open) {
      if (bucket + this.sizeMs > untilMs) continue;
      for (const [checkKey, acc] of checks) rows.push(toRow(checkKey, bucket, acc));
      this.open.delete(bucket);
    }
    return rows;
  }

  /**
   * Removes every bucket that ends at or before `untilMs` without making its rows yet: they are
   * made a slice of checks at a time (ClosedRollups.take), so a store can write a fleet's close
   * over several turns of the event loop.
   */
  detach(untilMs: number): ClosedRollups {
    const closed: [number, Map<number, Accumulator>][] = [];
    for (const [bucket, checks] of this.open) {
      if (bucket + this.sizeMs > untilMs) continue;
      closed.push([bucket, checks]);
      this.open.delete(bucket);
    }
    return new ClosedRollups(this.sizeMs, closed);
  }

  /** Drops these checks from every open bucket (a store rebuilding them from stored rows). */
  forget(checkKeys: ReadonlySet<number>): void {
    for (const checks of this.open.values()) for (const key of checkKeys) checks.delete(key);
  }

  /** Rows of still-open buckets overlapping [fromMs, toMs), so queries see the last minutes too. */
  peek(checkKeys: ReadonlySet<number>, fromMs: number, toMs: number): RollupRow[] {
    const rows: RollupRow[] = [];
    for (const [bucket, checks] of this.open) {
      if (bucket + this.sizeMs <= fromMs || bucket >= toMs) continue;
      for (const checkKey of checkKeys) {
        const acc = checks.get(checkKey);
        if (acc) rows.push(toRow(checkKey, bucket, acc));
      }
    }
    return rows;
  }
}

/**
 * Closed buckets whose rows are handed out in ascending check-key order, a slice of checks at a
 * time: every check key up to `lastTaken` has been handed out, none after it. Rows not handed
 * out yet are still seen by peek, so reads made while a close is half written count each
 * bucket once (stored rows for the keys taken, these for the rest).
 */
export class ClosedRollups {
  /** Every check key with a closed bucket, ascending. */
  private readonly keys: Float64Array;
  private next = 0;

  constructor(
    private readonly sizeMs: number,
    private readonly buckets: readonly (readonly [number, Map<number, Accumulator>])[],
  ) {
    const keys = new Set<number>();
    for (const [, checks] of buckets) for (const key of checks.keys()) keys.add(key);
    this.keys = Float64Array.from(keys).sort();
  }

  /** Checks with a closed bucket. */
  get size(): number {
    return this.keys.length;
  }

  /** Checks not handed out yet. */
  get left(): number {
    return this.keys.length - this.next;
  }

  /** The highest check key handed out so far (-Infinity before the first take). */
  get lastTaken(): number {
    return this.next === 0 ? -Infinity : this.keys[this.next - 1]!;
  }

  /** How far take has gone, for rewind. */
  get position(): number {
    return this.next;
  }

  /** Hands out again what was taken after `position` (a write of it that failed). */
  rewind(position: number): void {
    this.next = Math.min(this.next, position);
  }

  /** The rows of the next `checks` checks (every closed bucket of each). */
  take(checks: number): RollupRow[] {
    const rows: RollupRow[] = [];
    const end = Math.min(this.keys.length, this.next + checks);
    for (; this.next < end; this.next++) {
      const checkKey = this.keys[this.next]!;
      for (const [bucket, accs] of this.buckets) {
        const acc = accs.get(checkKey);
        if (acc) rows.push(toRow(checkKey, bucket, acc));
      }
    }
    return rows;
  }

  /** Rows not handed out yet of these checks in buckets overlapping [fromMs, toMs). */
  peek(checkKeys: ReadonlySet<number>, fromMs: number, toMs: number): RollupRow[] {
    const rows: RollupRow[] = [];
    const taken = this.lastTaken;
    for (const [bucket, accs] of this.buckets) {
      if (bucket + this.sizeMs <= fromMs || bucket >= toMs) continue;
      for (const checkKey of checkKeys) {
        const acc = checkKey > taken ? accs.get(checkKey) : undefined;
        if (acc) rows.push(toRow(checkKey, bucket, acc));
      }
    }
    return rows;
  }
}

function toRow(checkKey: number, bucket: number, acc: Accumulator): RollupRow {
  return {
    checkKey,
    bucket,
    count: acc.count,
    failures: acc.failures,
    worst: acc.worst,
    p50: acc.quantile(0.5),
    p95: acc.quantile(0.95),
    p99: acc.quantile(0.99),
  };
}

/**
 * Merges a late part of a bucket into the row already stored: counts add up exactly; the
 * quantiles of the larger part are kept, since the samples of the stored part are gone.
 */
export function mergeRollup(stored: RollupRow, late: RollupRow): RollupRow {
  const keep = late.count > stored.count ? late : stored;
  return {
    ...stored,
    count: stored.count + late.count,
    failures: stored.failures + late.failures,
    worst: Math.max(stored.worst, late.worst),
    p50: keep.p50,
    p95: keep.p95,
    p99: keep.p99,
  };
}
