import type { Clock } from '../clock.js';

/** Callers tracked at once; past this the oldest window is forgotten (the map stays bounded). */
const MAX_CALLERS = 10_000;
const WINDOW_MS = 60_000;

interface Window {
  start: number;
  used: number;
  /** Refusals not recorded in this window, reported with the next one that is. */
  dropped: number;
}

/**
 * How many refusals of one caller the audit trail takes per minute. A caller hammering a route it
 * may not use would otherwise grow the undeletable trail at the speed of the network; past the
 * budget a refusal is only counted, and the next recorded one says how many were left out.
 */
export class RefusalBudget {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {}

  /**
   * Counts a refusal recorded at `at` (oldest first) against its caller's window, as take() did
   * when it was recorded: after a restart the trail's refusals of the last minute use the budget.
   */
  restore(caller: string, at: number): void {
    this.windowAt(caller, at).used += 1;
  }

  /** Whether this caller's refusal may be recorded now, and how many were left out before it. */
  take(caller: string): { record: true; dropped: number } | { record: false } {
    const window = this.windowAt(caller, this.clock.now());
    if (window.used >= this.perMinute) {
      window.dropped += 1;
      return { record: false };
    }
    window.used += 1;
    const dropped = window.dropped;
    window.dropped = 0;
    return { record: true, dropped };
  }

  /** The caller's window at `at`: its current one, or a new one (keeping the count left out). */
  private windowAt(caller: string, at: number): Window {
    let window = this.windows.get(caller);
    if (!window || at - window.start >= WINDOW_MS) {
      const dropped = window?.dropped ?? 0;
      this.windows.delete(caller);
      if (this.windows.size >= MAX_CALLERS)
        this.windows.delete(this.windows.keys().next().value as string);
      window = { start: at, used: 0, dropped };
      this.windows.set(caller, window);
    }
    return window;
  }
}
