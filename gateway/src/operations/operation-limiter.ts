import type { Clock } from '../clock.js';

export interface LimitSettings {
  concurrency: number;
  ratePerMinute: number;
}

export type LimitDecision =
  { ok: true; release: () => void } | { ok: false; reason: string; retryAfter: number };

const MINUTE = 60_000;

/**
 * Per-operation guard against hammering a production service: at most `concurrency` calls in
 * flight and `ratePerMinute` started in any sliding minute. Callers over either are refused
 * (429) rather than queued, so nobody waits on a request they can no longer cancel.
 */
export class OperationLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly started = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Counts a call started at `at` (from the audit trail, after a restart) against its minute. */
  restore(key: string, at: number): void {
    const started = this.started.get(key) ?? [];
    started.push(at);
    started.sort((a, b) => a - b);
    this.started.set(key, started);
  }

  acquire(key: string, limits: LimitSettings): LimitDecision {
    const now = this.clock.now();
    const recent = (this.started.get(key) ?? []).filter((t) => t > now - MINUTE);
    this.started.set(key, recent);
    if (recent.length >= limits.ratePerMinute) {
      return {
        ok: false,
        reason: `rate limit: ${limits.ratePerMinute} per minute`,
        retryAfter: Math.max(1, Math.ceil((recent[0]! + MINUTE - now) / 1000)),
      };
    }
    const active = this.inFlight.get(key) ?? 0;
    if (active >= limits.concurrency) {
      return {
        ok: false,
        reason: `concurrency limit: ${limits.concurrency} at a time`,
        retryAfter: 1,
      };
    }
    recent.push(now);
    this.inFlight.set(key, active + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
      },
    };
  }
}
