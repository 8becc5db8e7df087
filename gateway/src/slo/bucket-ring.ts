/**
 * Good and total counts in fixed buckets, the newest `slots` of them, in typed arrays: a
 * service's SLO windows cost a few KB however many results arrive. A slot holds the start
 * of its bucket, so a slot left over from an earlier lap is never counted.
 */
export class BucketRing {
  private readonly starts: Float64Array;
  private readonly good: Uint32Array;
  private readonly total: Uint32Array;

  constructor(
    readonly sizeMs: number,
    readonly slots: number,
  ) {
    this.starts = new Float64Array(slots).fill(-1);
    this.good = new Uint32Array(slots);
    this.total = new Uint32Array(slots);
  }

  bucketOf(ts: number): number {
    return ts - (((ts % this.sizeMs) + this.sizeMs) % this.sizeMs);
  }

  add(ts: number, good: number, total: number): void {
    const start = this.bucketOf(ts);
    const i = Math.floor(start / this.sizeMs) % this.slots;
    if (this.starts[i] !== start) {
      if (this.starts[i]! > start) return; // older than the ring keeps
      this.starts[i] = start;
      this.good[i] = 0;
      this.total[i] = 0;
    }
    this.good[i]! += good;
    this.total[i]! += total;
  }

  /** Sum over the buckets that start in [fromMs, toMs). */
  sum(fromMs: number, toMs: number): { good: number; total: number } {
    let good = 0;
    let total = 0;
    for (let i = 0; i < this.slots; i++) {
      const start = this.starts[i]!;
      if (start >= fromMs && start < toMs) {
        good += this.good[i]!;
        total += this.total[i]!;
      }
    }
    return { good, total };
  }
}
