import { z } from 'zod';
import type { Clock } from '../clock.js';
import { refuse } from '../domain/refusal.js';
import type { LoginFailureStore } from '../store/domain/login-failure-store.js';

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

/**
 * Rows of the verify limiter in the keyed rate-limit log it shares with the login limiter (the
 * `login_failures` table): `verify <caller>`. A login key is a client address, never this.
 */
export const VERIFY_KEY_PREFIX = 'verify ';

/**
 * A fixed one-minute window per caller. Each run is also written to the store (at most
 * `perMinute` rows per caller, and a forgotten caller's rows go), so `restore()` at start gives
 * back what the last minute used: a restart is not a fresh allowance.
 */
export class VerifyLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
    private readonly store?: LoginFailureStore,
  ) {}

  /** Reloads the runs of the last minute (at start), oldest first, as take() counted them. */
  async restore(): Promise<void> {
    if (!this.store) return;
    for (const { key, at } of await this.store.since(this.clock.now() - WINDOW_MS)) {
      if (key.startsWith(VERIFY_KEY_PREFIX))
        this.windowAt(key.slice(VERIFY_KEY_PREFIX.length), at).used += 1;
    }
  }

  /** Counts one run for `caller`, or throws a `limited` refusal (429 with Retry-After). */
  async take(caller: string): Promise<void> {
    const now = this.clock.now();
    const window = this.windowAt(caller, now);
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
    await this.store?.record({ key: `${VERIFY_KEY_PREFIX}${caller}`, at: now }, this.perMinute);
  }

  /** The caller's window at `at`: its current one, or a new one (forgetting the oldest caller past the bound). */
  private windowAt(caller: string, at: number): { start: number; used: number } {
    let window = this.windows.get(caller);
    if (!window || at - window.start >= WINDOW_MS) {
      this.windows.delete(caller);
      if (this.windows.size >= MAX_CALLERS) {
        const oldest = this.windows.keys().next().value as string;
        this.windows.delete(oldest);
        // forgotten here, so in the store too (a failed delete leaves at most perMinute rows)
        this.store?.forget(`${VERIFY_KEY_PREFIX}${oldest}`).catch(() => undefined);
      }
      window = { start: at, used: 0 };
      this.windows.set(caller, window);
    }
    return window;
  }
}
