import type { RecurringWindow } from '../config/alerting-schema.js';
import type { MaintenanceWindow } from '../store/maintenance-store.js';
import { RecurringSchedule } from './recurring-windows.js';
import { matchesService, type MatchableService } from './window-match.js';

/** What a service carries while in maintenance (PRODUCT.md: `maintenance: {id, endsAt, reason}`). */
export interface ServiceMaintenance {
  id: string;
  endsAt: string;
  reason: string;
}

/**
 * Recurring windows from config plus the ad-hoc windows the store holds, asked "is this service
 * in maintenance now" and "when does that next change". Pure: the caller owns the timer that
 * fires at nextChange() and tells the alert dispatcher.
 */
export class MaintenanceCalendar {
  private readonly schedules: RecurringSchedule[];
  private adHoc: MaintenanceWindow[] = [];

  constructor(recurring: readonly RecurringWindow[]) {
    this.schedules = recurring.map((window) => new RecurringSchedule(window));
  }

  /** The active and scheduled ad-hoc windows, as the store lists them (after each change). */
  setAdHoc(windows: readonly MaintenanceWindow[]): void {
    this.adHoc = [...windows];
  }

  /** Keeps another calendar's ad-hoc windows (a config reload replaces the recurring ones). */
  copyAdHocFrom(other: MaintenanceCalendar): void {
    this.adHoc = [...other.adHoc];
  }

  /** The window covering the service now; of several, the one that ends last. */
  windowFor(service: MatchableService, nowMs: number): ServiceMaintenance | null {
    let best: ServiceMaintenance | null = null;
    let bestEnd = -Infinity;
    const consider = (id: string, endsAt: number, reason: string) => {
      if (endsAt > bestEnd) {
        best = { id, endsAt: new Date(endsAt).toISOString(), reason };
        bestEnd = endsAt;
      }
    };
    for (const window of this.adHoc) {
      const startsAt = Date.parse(window.startsAt);
      const endsAt = Date.parse(window.endsAt);
      if (startsAt <= nowMs && nowMs < endsAt && matchesService(window.match, service))
        consider(window.id, endsAt, window.reason);
    }
    for (const schedule of this.schedules) {
      if (!matchesService(schedule.window.match, service)) continue;
      const occurrence = schedule.activeAt(nowMs);
      if (occurrence) consider(occurrence.id, occurrence.endsAt, occurrence.reason);
    }
    return best;
  }

  /** The next instant after `nowMs` at which any window starts or ends. */
  nextChange(nowMs: number): number | undefined {
    let next = Infinity;
    for (const window of this.adHoc)
      for (const at of [Date.parse(window.startsAt), Date.parse(window.endsAt)])
        if (at > nowMs && at < next) next = at;
    for (const schedule of this.schedules) {
      const active = schedule.activeAt(nowMs);
      if (active && active.endsAt > nowMs && active.endsAt < next) next = active.endsAt;
      const upcoming = schedule.nextAfter(nowMs);
      if (upcoming && upcoming.startsAt < next) next = upcoming.startsAt;
    }
    return Number.isFinite(next) ? next : undefined;
  }
}
