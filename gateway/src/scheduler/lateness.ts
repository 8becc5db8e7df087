/** Quantiles of lateness over a recent window (a ring of the last `capacity` samples). */
export class LatenessRecorder {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;
  max = 0;
  total = 0;

  constructor(capacity = 20_000) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    const v = Math.max(0, ms);
    this.samples[this.next] = v;
    this.next = (this.next + 1) % this.samples.length;
    this.filled = Math.min(this.filled + 1, this.samples.length);
    this.total++;
    if (v > this.max) this.max = v;
  }

  /** Nearest-rank quantiles of the window; nulls before the first sample. */
  summary(): { samples: number; p50: number | null; p99: number | null; max: number } {
    if (this.filled === 0) return { samples: 0, p50: null, p99: null, max: 0 };
    const sorted = this.samples.slice(0, this.filled).sort();
    const at = (q: number) => sorted[Math.max(1, Math.ceil(q * this.filled)) - 1]!;
    return { samples: this.total, p50: at(0.5), p99: at(0.99), max: this.max };
  }
}
