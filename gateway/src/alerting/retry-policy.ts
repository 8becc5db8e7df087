import type { NextStep } from '../store/outbox-store.js';
import type { SendOutcome } from './types.js';

export interface RetryPolicy {
  /** Wait after the first failed attempt; doubles per attempt. */
  initialMs: number;
  maxMs: number;
  /** Counted from the message's creation; the last attempt happens at this age at the latest. */
  giveUpAfterMs: number;
}

/** PRODUCT.md: back off from 1 s to 5 min, for 24 h. */
export const DEFAULT_RETRY: RetryPolicy = {
  initialMs: 1000,
  maxMs: 5 * 60_000,
  giveUpAfterMs: 24 * 3_600_000,
};

/**
 * What follows an attempt. Retry-After is honoured by never retrying sooner than it asks
 * (the backoff may still wait longer); nothing is tried after the give-up age.
 */
export function nextStep(
  outcome: SendOutcome,
  attemptNumber: number,
  createdAtMs: number,
  nowMs: number,
  policy: RetryPolicy = DEFAULT_RETRY,
): NextStep {
  if (outcome.outcome === 'delivered') return { state: 'delivered' };
  if (!outcome.retryable) return { state: 'failed' };
  const deadline = createdAtMs + policy.giveUpAfterMs;
  if (nowMs >= deadline) return { state: 'failed' };
  const backoff = Math.min(policy.initialMs * 2 ** Math.min(attemptNumber - 1, 30), policy.maxMs);
  const delay = Math.max(backoff, outcome.retryAfterMs ?? 0);
  return { state: 'pending', nextAttemptAtMs: Math.min(nowMs + delay, deadline) };
}
