import type { RollupRow } from './rollup-builder.js';

/** Ranges at least this long read a check's days from the cache (charts of months to a year). */
export const DAY_CACHE_MIN_RANGE_MS = 90 * 86_400_000;

/**
 * A check's whole day tier (≤ 400 rows), kept for the checks whose long ranges were read last:
 * days before the day watermark change only when a day is folded or pruned, and a chart of the
 * 1 y range asks for the same rows on every load. Without it each such answer read ~365 rows
 * from SQLite (a third of the request's time). Shorter ranges (the SLO seeding reads a window
 * of days for every service at start) read the database directly and leave the cache alone.
 * The store clears it whenever it writes or deletes day rows.
 */
export class DayRowCache {
  /** Per check key, ascending by bucket; Map order is recency (a hit moves the key to the end). */
  private readonly rows = new Map<number, readonly RollupRow[]>();

  constructor(private readonly maxChecks = 64) {}

  /** The check's day rows in [fromMs, toMs), loading all of them with `load` on a miss. */
  range(
    checkKey: number,
    fromMs: number,
    toMs: number,
    load: () => readonly RollupRow[],
  ): readonly RollupRow[] {
    let rows = this.rows.get(checkKey);
    if (rows) this.rows.delete(checkKey);
    else {
      rows = load();
      if (this.rows.size >= this.maxChecks) this.rows.delete(this.rows.keys().next().value!);
    }
    this.rows.set(checkKey, rows);
    return rows.slice(firstAtOrAfter(rows, fromMs), firstAtOrAfter(rows, toMs));
  }

  clear(): void {
    this.rows.clear();
  }
}

function firstAtOrAfter(rows: readonly RollupRow[], bucket: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.bucket < bucket) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
