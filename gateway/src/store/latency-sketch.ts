/**
 * Latency quantiles of one rollup bucket without keeping every sample.
 *
 * Method (honest): a DDSketch-style log histogram. A latency v lands in bin ceil(log_γ v) with
 * γ = 1.02, and a quantile reports the bin's midpoint 2γ^i/(γ+1), so every reported p50/p95/p99
 * is within 1 % (relative) of a true sample at that rank (nearest-rank definition), clamped to
 * the bucket's exact min and max — a bucket whose samples are all equal reports them exactly.
 * Memory is one map entry per distinct bin (a handful for a healthy endpoint), which is what
 * lets an hour bucket of a 10 s check, or of a 1 s one, cost the same few hundred bytes.
 */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Below this (ms) everything shares one bin: sub-microsecond differences do not matter. */
const MIN_MS = 0.001;
const ZERO_BIN = Number.MIN_SAFE_INTEGER;

export class LatencySketch {
  private readonly bins = new Map<number, number>();
  count = 0;
  min = Infinity;
  max = -Infinity;

  add(ms: number): void {
    const v = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const bin = v < MIN_MS ? ZERO_BIN : Math.ceil(Math.log(v) / LOG_GAMMA);
    this.bins.set(bin, (this.bins.get(bin) ?? 0) + 1);
    this.count++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Nearest-rank quantile (q in 0..1); null when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    const keys = [...this.bins.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const key of keys) {
      seen += this.bins.get(key)!;
      if (seen >= rank) {
        const mid = key === ZERO_BIN ? 0 : (2 * Math.pow(GAMMA, key)) / (GAMMA + 1);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }
}

/** Nearest-rank quantile of an ascending array: the definition the sketch approximates. */
export function exactQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
