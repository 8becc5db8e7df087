import { RollupBuilder, type RollupRow } from '../rollup-builder.js';

/**
 * The open buckets of results other gateways probed, kept so history shows them until the
 * bucket closes (its prober writes the row then; this gateway never does). A closed bucket is
 * dropped whole, without computing its row: at 1,000 probes/s across three gateways each one
 * holds 20,000 remote checks, and closing them through a RollupBuilder computed three quantiles
 * each (60,000 a minute, in one block of the event loop) only to throw them away.
 */
export class RemoteBuckets {
  /** One builder per open bucket, by the bucket's start. */
  private readonly open = new Map<number, RollupBuilder>();
  private readonly bucketOf: (ts: number) => number;

  constructor(private readonly sizeMs: number) {
    const shape = new RollupBuilder(sizeMs);
    this.bucketOf = (ts) => shape.bucketOf(ts);
  }

  add(checkKey: number, ts: number, code: number, success: boolean, latencyMs: number): void {
    const bucket = this.bucketOf(ts);
    let builder = this.open.get(bucket);
    if (!builder) this.open.set(bucket, (builder = new RollupBuilder(this.sizeMs)));
    builder.add(checkKey, ts, code, success, latencyMs);
  }

  /** Drops every bucket that ends at or before `untilMs`. */
  drop(untilMs: number): void {
    for (const bucket of this.open.keys())
      if (bucket + this.sizeMs <= untilMs) this.open.delete(bucket);
  }

  /** Rows of open buckets overlapping [fromMs, toMs) for these checks. */
  peek(checkKeys: ReadonlySet<number>, fromMs: number, toMs: number): RollupRow[] {
    const rows: RollupRow[] = [];
    for (const [bucket, builder] of this.open) {
      if (bucket + this.sizeMs <= fromMs || bucket >= toMs) continue;
      for (const row of builder.peek(checkKeys, fromMs, toMs)) rows.push(row);
    }
    return rows;
  }
}
