import { Cron } from 'croner';
import type { RecurringWindow } from '../config/alerting-schema.js';

export interface Occurrence {
  /** `<window id>@<start ISO>`: one id per occurrence, so a held alert knows which one ended. */
  id: string;
  windowId: string;
  startsAt: number;
  endsAt: number;
  reason: string;
}

/**
 * A recurring window from config: starts at each cron time in its timezone and lasts
 * `duration`. The Cron object is built once per window; croner does the calendar (DST included).
 */
export class RecurringSchedule {
  private readonly cron: Cron;

  constructor(readonly window: RecurringWindow) {
    this.cron = new Cron(window.cron, { timezone: window.timezone, paused: true });
  }

  /** The occurrence covering `nowMs`, if any: the last start at or before now, still running. */
  activeAt(nowMs: number): Occurrence | undefined {
    // previousRuns looks strictly before the reference; +1 ms lets a start at exactly now count.
    const [start] = this.cron.previousRuns(1, new Date(nowMs + 1));
    if (!start) return undefined;
    const startsAt = start.getTime();
    if (startsAt + this.window.duration <= nowMs) return undefined;
    return this.occurrence(startsAt);
  }

  /** The next occurrence starting after `nowMs`. */
  nextAfter(nowMs: number): Occurrence | undefined {
    const next = this.cron.nextRun(new Date(nowMs));
    return next ? this.occurrence(next.getTime()) : undefined;
  }

  private occurrence(startsAt: number): Occurrence {
    return {
      id: `${this.window.id}@${new Date(startsAt).toISOString()}`,
      windowId: this.window.id,
      startsAt,
      endsAt: startsAt + this.window.duration,
      reason: this.window.reason ?? `recurring window ${this.window.id}`,
    };
  }
}
