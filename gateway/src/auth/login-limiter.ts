import type { Clock } from '../clock.js';

export interface LoginLimits {
  /** Failures allowed per address within the window. */
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxFailures: 5, windowMs: 5 * 60_000 };

/**
 * Counts failed logins (bad session tokens and bad bearer tokens alike) per client address; once
 * over the limit the address is refused until its oldest failure leaves the window.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  /** Seconds to wait before trying again, or 0 when the address may try now. */
  retryAfter(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.limits.maxFailures) return 0;
    const waitMs = recent[0]! + this.limits.windowMs - this.clock.now();
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.clock.now());
    this.failures.set(address, recent);
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const since = this.clock.now() - this.limits.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(address);
    else this.failures.set(address, recent);
    return recent;
  }
}
