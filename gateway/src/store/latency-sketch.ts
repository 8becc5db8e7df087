/**
 * Latency quantiles of one rollup bucket without keeping every sample.
 *
 * Method (honest): a DDSketch-style log histogram. A latency v lands in bin ceil(log_γ v) with
 * γ = 1.02, and a quantile reports the bin's midpoint 2γ^i/(γ+1), so every reported p50/p95/p99
 * is within 1 % (relative) of a true sample at that rank (nearest-rank definition), clamped to
 * the bucket's exact min and max — a bucket whose samples are all equal reports them exactly.
 * Memory is one array element (8 bytes) per distinct bin, a bin and its count packed in one
 * number and kept in bin order, which is what lets an hour bucket of a 10 s check, or of a 1 s
 * one, cost the same few hundred bytes. (A Map of the bins cost ~24 bytes per entry plus its hash
 * table's room to grow: the open minute and hour buckets of 10,000 checks 59 minutes into the
 * hour, latencies spread over ~120 bins, took 37 MiB of heap; 13 MiB with this array.)
 */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Below this (ms) everything shares one bin: sub-microsecond differences do not matter. */
const MIN_MS = 0.001;
/**
 * A bin is stored as (bin + BIN_OFFSET) * 2^32 + count: the smallest bin (MIN_MS, -348) stays
 * above 0, which the zero bin takes; the largest (Number.MAX_VALUE, ~35,900) keeps the packed
 * number below 2^53, so it is exact, and packed numbers sort as their bins do.
 */
const BIN_OFFSET = 1_000;
const ZERO_BIN = -BIN_OFFSET;
const COUNT_SPAN = 2 ** 32;
const NO_SAMPLES: number[] = [];

/** bins[0] and bins[1] are the exact min and max (numbers in the array, not boxed in fields). */
const MIN = 0;
const MAX = 1;
const FIRST_BIN = 2;

export class LatencySketch {
  /**
   * min, max, then the packed bins in ascending order (see BIN_OFFSET), in the first `used`
   * elements; empty until the first sample. It grows by a quarter when full (a pushed or spliced
   * array grows by half plus 16 elements, which is most of a minute bucket's array).
   */
  private bins: number[] = NO_SAMPLES;
  private used = 0;
  count = 0;

  add(ms: number): void {
    const v = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const bin = v < MIN_MS ? ZERO_BIN : Math.ceil(Math.log(v) / LOG_GAMMA);
    const packed = (bin + BIN_OFFSET) * COUNT_SPAN;
    this.count++;
    const bins = this.bins;
    if (this.used === 0) {
      this.bins = [v, v, packed + 1];
      this.used = 3;
      return;
    }
    if (v < bins[MIN]!) bins[MIN] = v;
    if (v > bins[MAX]!) bins[MAX] = v;
    // the first element not below this bin's count 0, i.e. this bin's element or where it goes
    let lo = FIRST_BIN;
    let hi = this.used;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bins[mid]! < packed) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.used && bins[lo]! - packed < COUNT_SPAN) bins[lo]! += 1;
    else this.insert(lo, packed + 1);
  }

  private insert(at: number, value: number): void {
    const { bins, used } = this;
    if (used < bins.length) {
      for (let i = used; i > at; i--) bins[i] = bins[i - 1]!;
      bins[at] = value;
    } else {
      const grown = new Array<number>(used + (used >> 2) + 2);
      for (let i = 0; i < at; i++) grown[i] = bins[i]!;
      grown[at] = value;
      for (let i = at; i < used; i++) grown[i + 1] = bins[i]!;
      this.bins = grown;
    }
    this.used = used + 1;
  }

  get min(): number {
    return this.count === 0 ? Infinity : this.bins[MIN]!;
  }

  get max(): number {
    return this.count === 0 ? -Infinity : this.bins[MAX]!;
  }

  /** Nearest-rank quantile (q in 0..1); null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    const bins = this.bins;
    const min = bins[MIN]!;
    const max = bins[MAX]!;
    let seen = 0;
    for (let i = FIRST_BIN; i < this.used; i++) {
      const packed = bins[i]!;
      const key = Math.floor(packed / COUNT_SPAN);
      seen += packed - key * COUNT_SPAN;
      if (seen >= rank) {
        const bin = key - BIN_OFFSET;
        const mid = bin === ZERO_BIN ? 0 : (2 * Math.pow(GAMMA, bin)) / (GAMMA + 1);
        return Math.min(max, Math.max(min, mid));
      }
    }
    return max;
  }
}

/** Nearest-rank quantile of an ascending array: the definition the sketch approximates. */
export function exactQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
