import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, nextStep } from './retry-policy.js';
import type { SendOutcome } from './types.js';

const S = 1000;
const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
const retryable: SendOutcome = { outcome: 'failed', retryable: true, error: 'HTTP 503' };

describe('nextStep', () => {
  it.each([
    [1, 1 * S],
    [2, 2 * S],
    [3, 4 * S],
    [8, 128 * S],
    [9, 256 * S],
    [10, 300 * S],
    [40, 300 * S],
  ])('attempt %i failed → retry after %i ms', (attempt, delay) => {
    expect(nextStep(retryable, attempt, T0, T0 + H)).toEqual({
      state: 'pending',
      nextAttemptAtMs: T0 + H + delay,
    });
  });

  it.each([
    ['a longer Retry-After wins over the backoff', 1, 120 * S, 120 * S],
    ['a shorter Retry-After does not shorten the backoff', 9, 1 * S, 256 * S],
    ['a Retry-After past 5 min is still honoured', 10, 900 * S, 900 * S],
  ])('%s', (_name, attempt, retryAfterMs, delay) => {
    expect(nextStep({ ...retryable, retryAfterMs }, attempt, T0, T0 + H)).toEqual({
      state: 'pending',
      nextAttemptAtMs: T0 + H + delay,
    });
  });

  it.each([
    ['delivered', { outcome: 'delivered', status: 200 } as SendOutcome, T0, { state: 'delivered' }],
    [
      'a final failure',
      { outcome: 'failed', retryable: false, error: 'HTTP 400' } as SendOutcome,
      T0,
      { state: 'failed' },
    ],
    ['retryable but 24 h old', retryable, T0 + 24 * H, { state: 'failed' }],
    [
      'retryable near 24 h: the last try lands on the deadline',
      retryable,
      T0 + 24 * H - 10 * S,
      { state: 'pending', nextAttemptAtMs: T0 + 24 * H },
    ],
  ])('%s', (_name, outcome, now, expected) => {
    expect(nextStep(outcome, 12, T0, now, DEFAULT_RETRY)).toEqual(expected);
  });
});
