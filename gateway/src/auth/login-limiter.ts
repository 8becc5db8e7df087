import type { Clock } from '../clock.js';
import type { LoginFailureStore } from '../store/domain/login-failure-store.js';

export interface LoginLimits {
  /** Failures allowed per client within the window. */
  maxFailures: number;
  windowMs: number;
  /** Clients tracked at once; the least recently failing are forgotten past it. */
  maxTracked: number;
}

/** What other limiters writing to the same store keep: the verify limiter's one-minute window. */
const SHARED_LOG_KEEP_MS = 60_000;

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailures: 5,
  windowMs: 5 * 60_000,
  maxTracked: 10_000,
};

/**
 * Counts failed logins (bad session tokens and bad bearer tokens alike) per client (its address,
 * the forwarded one behind server.trustProxy); once over the limit the client's wrong tokens get
 * 429 until its oldest failure leaves the window.
 *
 * Callers ask only when a token was wrong: a valid token is never refused for failures someone
 * else made from the same address (a NAT, the proxy), and a success clears nothing, so an
 * attacker cannot reset their count by logging in with a token of their own. Tokens are long
 * random secrets — guessing one is not what this stops; it bounds the noise and the log.
 *
 * The map is an LRU bounded by maxTracked (a flood from rotating addresses cannot grow it), and
 * every failure is written to the store, so a restart keeps the counts.
 */
export class LoginLimiter {
  /** key → failure times, oldest first; Map order is least recently failed first. */
  private readonly failures = new Map<string, number[]>();
  private lastPrune = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly store?: LoginFailureStore,
  ) {}

  /** Reloads the failures still inside the window (at start). */
  async restore(): Promise<void> {
    if (!this.store) return;
    const since = this.clock.now() - this.limits.windowMs;
    for (const { key, at } of await this.store.since(since)) {
      // the store is a keyed rate-limit log shared with other limiters (`verify <caller>` rows);
      // a login key is a client address, which has no space
      if (!key.includes(' ')) this.remember(key, at);
    }
  }

  /** Seconds to wait before trying again, or 0 when the client may try now. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limits.maxFailures) return 0;
    const waitMs =
      recent[recent.length - this.limits.maxFailures]! + this.limits.windowMs - this.clock.now();
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  async fail(key: string): Promise<void> {
    const now = this.clock.now();
    const evicted = this.remember(key, now);
    if (!this.store) return;
    await this.store.record({ key, at: now }, this.limits.maxFailures);
    for (const gone of evicted) await this.store.forget(gone);
    if (now - this.lastPrune >= this.limits.windowMs) {
      this.lastPrune = now;
      // the log is shared (verify runs, a one-minute window): never prune inside that minute
      await this.store.prune(now - Math.max(this.limits.windowMs, SHARED_LOG_KEEP_MS));
    }
  }

  /** Clients tracked now (tests: the bound holds). */
  get tracked(): number {
    return this.failures.size;
  }

  /** Adds a failure, moves the key to the most recent end, and returns the keys evicted. */
  private remember(key: string, at: number): string[] {
    const recent = this.recent(key);
    recent.push(at);
    // only the newest maxFailures matter for the decision
    if (recent.length > this.limits.maxFailures)
      recent.splice(0, recent.length - this.limits.maxFailures);
    this.failures.delete(key);
    this.failures.set(key, recent);
    const evicted: string[] = [];
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= this.limits.maxTracked) break;
      this.failures.delete(oldest);
      evicted.push(oldest);
    }
    return evicted;
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.limits.windowMs;
    const kept = this.failures.get(key);
    if (!kept) return [];
    const recent = kept.filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(key);
    else if (recent.length !== kept.length) this.failures.set(key, recent);
    return recent;
  }
}
