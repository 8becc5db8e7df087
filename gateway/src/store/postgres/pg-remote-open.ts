import type { RawRow } from '../history-points.js';
import { RollupBuilder, type RollupRow } from '../rollup-builder.js';

/**
 * Which checks other gateways probe, by the latest result relayed for each: all a gateway keeps
 * of them. Their open buckets are made when a read asks for one (remoteOpenRows), from the raw
 * rows their prober wrote, not held as a latency sketch per check and open bucket: in a
 * 3-gateway, 30,000-check cluster each gateway holds 20,000 remote checks, whose open minute and
 * hour sketches took ~23 MiB late in the hour, to serve reads of the current bucket only.
 */
export class RemoteChecks {
  /** Check key -> timestamp of the latest result relayed for it. */
  private readonly latest = new Map<number, number>();

  note(checkKey: number, ts: number): void {
    const last = this.latest.get(checkKey);
    if (last === undefined || ts > last) this.latest.set(checkKey, ts);
  }

  /** Forgets checks with no relayed result since `untilMs` (every bucket of theirs is closed). */
  prune(untilMs: number): void {
    for (const [key, ts] of this.latest) if (ts < untilMs) this.latest.delete(key);
  }

  /** The checks among these with a relayed result at or after `fromMs`. */
  since(checkKeys: readonly number[], fromMs: number): number[] {
    return checkKeys.filter((key) => (this.latest.get(key) ?? -Infinity) >= fromMs);
  }
}

/**
 * The open-bucket rows of raw rows (as the prober's RollupBuilder makes them from the same
 * results: counts, failures and worst exactly; quantiles from latencies stored to the
 * microsecond), for the (check, bucket) pairs `wanted` accepts.
 */
export function remoteOpenRows(
  raw: readonly RawRow[],
  sizeMs: number,
  wanted: (checkKey: number, bucket: number) => boolean,
): RollupRow[] {
  const builder = new RollupBuilder(sizeMs);
  for (const row of raw)
    if (wanted(row.checkKey, builder.bucketOf(row.ts)))
      builder.add(row.checkKey, row.ts, row.code, row.success, row.latencyMs);
  return builder.close(Number.POSITIVE_INFINITY);
}
