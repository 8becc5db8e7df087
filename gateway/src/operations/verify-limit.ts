import { z } from 'zod';
import type { Clock } from '../clock.js';
import { refuse } from '../domain/refusal.js';

/**
 * `verify: { perMinute: 30 }` in the config: how many `POST /api/verify` runs one caller may ask
 * for a minute. A verify runs every matching check now, so an unlimited caller could turn the
 * gateway into a load generator against its own services.
 */
export const verifyConfigShape = {
  verify: z
    .strictObject({ perMinute: z.number().int().min(1).max(10_000).default(30) })
    .prefault({}),
};

/** Callers tracked at once; past this the oldest window is forgotten (the map stays bounded). */
const MAX_CALLERS = 10_000;
const WINDOW_MS = 60_000;

/** A fixed one-minute window per caller. */
export class VerifyLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {}

  /** Counts one run for `caller`, or throws a `limited` refusal (429 with Retry-After). */
  take(caller: string): void {
    const now = this.clock.now();
    let window = this.windows.get(caller);
    if (!window || now - window.start >= WINDOW_MS) {
      this.windows.delete(caller);
      if (this.windows.size >= MAX_CALLERS)
        this.windows.delete(this.windows.keys().next().value as string);
      window = { start: now, used: 0 };
      this.windows.set(caller, window);
    }
    if (window.used >= this.perMinute) {
      throw refuse(
        'limited',
        `At most ${this.perMinute} verify runs a minute per caller (config verify.perMinute)`,
        {
          code: 'verify-limited',
          title: 'Too Many Requests',
          retryAfterSeconds: Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)),
        },
      );
    }
    window.used += 1;
  }
}
