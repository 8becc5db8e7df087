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

  /**
   * Sums over windows that all end with the bucket of `nowMs`, in one backward walk from it:
   * window w holds the newest `buckets[w]` buckets (ascending). Results go into good/total at w.
   * At 10,000 SLOs this walk is most of a refresh, so it does no more than it must.
   */
  newest(nowMs: number, buckets: readonly number[], good: number[], total: number[]): void {
    const current = this.bucketOf(nowMs);
    let g = 0;
    let t = 0;
    let w = 0;
    const last = buckets[buckets.length - 1]!;
    // integer index arithmetic only: the starts are ~1.7e12, and a division per slot doubled the walk
    let i = Math.floor(current / this.sizeMs) % this.slots;
    let start = current;
    for (
      let k = 0;
      k < last && k < this.slots;
      k++, start -= this.sizeMs, i = i === 0 ? this.slots - 1 : i - 1
    ) {
      if (this.starts[i] === start) {
        g += this.good[i]!;
        t += this.total[i]!;
      }
      while (w < buckets.length && buckets[w] === k + 1) {
        good[w] = g;
        total[w] = t;
        w++;
      }
    }
    for (; w < buckets.length; w++) {
      good[w] = g;
      total[w] = t;
    }
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
