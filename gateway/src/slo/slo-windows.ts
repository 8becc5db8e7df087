import { BucketRing } from './bucket-ring.js';
import { BURN_WINDOWS, type BurnWindow, type Counts } from './burn-rate.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MINUTE_WINDOWS = ['5m', '30m', '1h', '2h', '6h'] as const satisfies readonly BurnWindow[];
const HOUR_WINDOWS = ['1d', '3d'] as const satisfies readonly BurnWindow[];

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

  /**
   * The SLO window's counts and every burn window's at once: one pass per ring (about 530
   * slots) instead of one per window, which is what /api/slos pays per service.
   */
  snapshot(nowMs: number, windowMs: number): { window: Counts; burn: Record<BurnWindow, Counts> } {
    const g: number[] = [];
    const t: number[] = [];
    const burn = {} as Record<BurnWindow, Counts>;
    // 5m, 30m, 1h, 2h, 6h from the minutes; 1d, 3d from the hours (ascending, as newest() wants)
    this.minutes.newest(nowMs, this.bucketsFor(this.minutes, nowMs, MINUTE_WINDOWS), g, t);
    MINUTE_WINDOWS.forEach((name, i) => (burn[name] = { good: g[i]!, total: t[i]! }));
    this.hours.newest(nowMs, this.bucketsFor(this.hours, nowMs, HOUR_WINDOWS), g, t);
    HOUR_WINDOWS.forEach((name, i) => (burn[name] = { good: g[i]!, total: t[i]! }));
    const ring = this.ringFor(windowMs);
    ring.newest(nowMs, [this.bucketCount(ring, nowMs, windowMs)], g, t);
    return { window: { good: g[0]!, total: t[0]! }, burn };
  }

  /** How many buckets, newest first, make up the window `counts()` defines. */
  private bucketCount(ring: BucketRing, nowMs: number, lengthMs: number): number {
    const from = ring.bucketOf(nowMs - lengthMs + ring.sizeMs - 1);
    return (ring.bucketOf(nowMs) - from) / ring.sizeMs + 1;
  }

  private bucketsFor(ring: BucketRing, nowMs: number, names: readonly BurnWindow[]): number[] {
    return names.map((name) => this.bucketCount(ring, nowMs, BURN_WINDOWS[name]));
  }

  private ringFor(lengthMs: number): BucketRing {
    return lengthMs <= 6 * HOUR ? this.minutes : lengthMs <= 3 * DAY ? this.hours : this.days;
  }
}
