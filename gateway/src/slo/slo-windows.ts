import { BucketRing } from './bucket-ring.js';
import { BURN_WINDOWS, type BurnWindow, type Counts } from './burn-rate.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * One service's good/total counts for its SLO, at three resolutions: minutes for the last 6 h
 * (the 5m…6h burn windows), hours for the last 3 days (1d, 3d), days for up to 91 days (the
 * SLO window itself). Fed with every result (or seeded from the store's rollups); read by
 * /api/slos without touching the store, so 10,000 services cost a sum per window each.
 * A window ends now and starts at the bucket boundary at or after now − length: the oldest
 * partial bucket is left out, so a window holds at most one bucket less than its length.
 */
export class SloWindows {
  private readonly minutes = new BucketRing(MINUTE, 6 * 60 + 1);
  private readonly hours = new BucketRing(HOUR, 3 * 24 + 1);
  private readonly days = new BucketRing(DAY, 92);

  add(ts: number, good: number, total: number): void {
    this.minutes.add(ts, good, total);
    this.hours.add(ts, good, total);
    this.days.add(ts, good, total);
  }

  /** Seeds one resolution only, from the store's rollups of that size. */
  addTo(level: 'minute' | 'hour' | 'day', ts: number, good: number, total: number): void {
    const ring = level === 'minute' ? this.minutes : level === 'hour' ? this.hours : this.days;
    ring.add(ts, good, total);
  }

  /** Counts over the `lengthMs` before `nowMs`, from the finest resolution that spans it. */
  counts(nowMs: number, lengthMs: number): Counts {
    const ring = lengthMs <= 6 * HOUR ? this.minutes : lengthMs <= 3 * DAY ? this.hours : this.days;
    const from = ring.bucketOf(nowMs - lengthMs + ring.sizeMs - 1);
    return ring.sum(from, nowMs + 1);
  }

  burnCounts(nowMs: number): Record<BurnWindow, Counts> {
    const out = {} as Record<BurnWindow, Counts>;
    for (const [name, ms] of Object.entries(BURN_WINDOWS))
      out[name as BurnWindow] = this.counts(nowMs, ms);
    return out;
  }
}
