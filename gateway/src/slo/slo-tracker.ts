import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Status } from '@aether/contract';
import type { Clock } from '../clock.js';
import {
  BURN_WINDOWS,
  burnRate,
  errorBudget,
  evaluateBurnRateAlerts,
  type BurnRateAlert,
  type BurnRates,
  type BurnWindow,
} from './burn-rate.js';
import { SloWindows } from './slo-windows.js';

/** A service's objective, from its config `slo`. */
export interface SloTarget {
  serviceId: string;
  /** Percent, e.g. 99.9. */
  objective: number;
  windowMs: number;
  degradedIsBad: boolean;
}

/** One service's SLO now: the shape of GET /api/slos entries (window as ms here). */
export interface SloReport {
  serviceId: string;
  objective: number;
  windowMs: number;
  sli: number | null;
  good: number;
  total: number;
  errorBudget: { allowedBad: number; usedBad: number; remainingRatio: number };
  burnRates: BurnRates;
  alerts: BurnRateAlert[];
}

/** Is the result's service in a maintenance window at that instant? Those results are left out. */
export type InMaintenance = (serviceId: string, ts: number) => boolean;

/**
 * Every SLO of the fleet, kept current from results as they arrive (SloWindows per service)
 * and seeded at start from the store's rollups, so /api/slos never scans stored results.
 * Good = up, or degraded unless degradedIsBad; bad = down; unknown (never run, or a gap) is
 * neither. Results in a maintenance window are left out of SLI and burn rates.
 */
export class SloTracker {
  private targets = new Map<string, SloTarget>();
  private readonly windows = new Map<string, SloWindows>();
  private cache: { at: number; reports: SloReport[] } | null = null;
  /** Bumped whenever the cache is dropped: a build begun before must not install its reports. */
  private generation = 0;
  /** The build current() callers are waiting for. */
  private building: { generation: number; done: Promise<SloReport[]> } | null = null;

  constructor(
    private readonly clock: Clock,
    targets: readonly SloTarget[],
    private readonly inMaintenance: InMaintenance = () => false,
  ) {
    this.reconfigure(targets);
  }

  /** Does this service have an SLO? (Checked before a result's timestamp is parsed: every result passes by.) */
  tracks(serviceId: string): boolean {
    return this.targets.has(serviceId);
  }

  /** A new config: targets added or changed keep the counts their service already has. */
  reconfigure(targets: readonly SloTarget[]): void {
    this.targets = new Map(targets.map((t) => [t.serviceId, t]));
    for (const id of this.windows.keys()) if (!this.targets.has(id)) this.windows.delete(id);
    for (const id of this.targets.keys())
      if (!this.windows.has(id)) this.windows.set(id, new SloWindows());
    this.invalidate();
  }

  has(serviceId: string): boolean {
    return this.targets.has(serviceId);
  }

  /** One result of one of the service's checks. */
  record(serviceId: string, ts: number, status: Status): void {
    const target = this.targets.get(serviceId);
    if (!target || status === 'unknown' || this.inMaintenance(serviceId, ts)) return;
    const good = status === 'up' || (status === 'degraded' && !target.degradedIsBad);
    this.windows.get(serviceId)!.add(ts, good ? 1 : 0, 1);
  }

  /** Counts from stored rollups of one size (a bucket's start, good and total), e.g. after a restart. */
  seed(
    serviceId: string,
    level: 'minute' | 'hour' | 'day',
    buckets: Iterable<{ ts: number; good: number; total: number }>,
  ): void {
    const w = this.windows.get(serviceId);
    if (!w) return;
    for (const b of buckets)
      if (!this.inMaintenance(serviceId, b.ts)) w.addTo(level, b.ts, b.good, b.total);
    this.invalidate();
  }

  private invalidate(): void {
    this.cache = null;
    this.generation += 1;
  }

  /**
   * Every SLO as of the last build; when there is none (first read after a start, a reload or a
   * seed) built now, `slice` services per turn of the event loop, and shared by the callers that
   * come meanwhile. What reports() gives, without a ~100 ms turn at 10,000 SLOs.
   */
  current(slice = 500): Promise<SloReport[]> {
    if (this.cache) return Promise.resolve(this.cache.reports);
    if (this.building?.generation !== this.generation) {
      const building = { generation: this.generation, done: this.buildInSlices(slice) };
      this.building = building;
      void building.done.finally(() => {
        if (this.building === building) this.building = null;
      });
    }
    return this.building.done;
  }

  /**
   * Every SLO as of the last refresh(), built now when nobody asked before. A rebuild sums
   * ~530 slots per service (tens of ms at 10,000 services), so requests read what the owner's
   * timer refreshes instead of paying for it.
   */
  reports(): SloReport[] {
    return this.cache?.reports ?? this.rebuild();
  }

  /** Rebuilds the reports someone has read before (an unread cache is built on first read). */
  refresh(): void {
    if (this.cache) this.rebuild();
  }

  /**
   * refresh() in slices of `slice` services with a turn of the event loop between them: a full
   * rebuild at 10,000 SLOs is ~100 ms, too long to hold every other request. The new reports
   * replace the old ones at the end, all as of one instant.
   */
  async refreshInSlices(slice = 500, force = false): Promise<SloReport[] | undefined> {
    if (!this.cache && !force) return undefined;
    return this.buildInSlices(slice);
  }

  /**
   * The reports a slice per turn, all as of one instant; they become the cache unless it was
   * dropped meanwhile (a reload or a seed: the next read builds again), and are returned anyway.
   */
  private async buildInSlices(slice: number): Promise<SloReport[]> {
    const generation = this.generation;
    const now = this.clock.now();
    const targets = [...this.targets.values()];
    const reports: SloReport[] = [];
    for (let i = 0; i < targets.length; i += slice) {
      if (i > 0) await nextTurn();
      for (const t of targets.slice(i, i + slice))
        if (this.windows.has(t.serviceId)) reports.push(this.reportOf(t, now));
    }
    if (generation === this.generation) this.cache = { at: now, reports };
    return reports;
  }

  private rebuild(): SloReport[] {
    const now = this.clock.now();
    const reports = [...this.targets.values()].map((t) => this.reportOf(t, now));
    this.cache = { at: now, reports };
    return reports;
  }

  report(serviceId: string): SloReport | undefined {
    const target = this.targets.get(serviceId);
    return target && this.reportOf(target, this.clock.now());
  }

  private reportOf(target: SloTarget, now: number): SloReport {
    const w = this.windows.get(target.serviceId)!;
    const { window: counts, burn } = w.snapshot(now, target.windowMs);
    const burnRates = {} as BurnRates;
    for (const name of Object.keys(BURN_WINDOWS) as BurnWindow[])
      burnRates[name] = burnRate(target.objective, burn[name]);
    return {
      serviceId: target.serviceId,
      objective: target.objective,
      windowMs: target.windowMs,
      sli: counts.total === 0 ? null : counts.good / counts.total,
      good: counts.good,
      total: counts.total,
      errorBudget: errorBudget(target.objective, counts),
      burnRates,
      alerts: evaluateBurnRateAlerts(target.windowMs, burnRates),
    };
  }
}
