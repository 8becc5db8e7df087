import { describe, expect, it } from 'vitest';
import { classifyHttpStatus, networkFailure, parseRetryAfter } from './retry-classes.js';

const NOW = Date.UTC(2026, 0, 1);

describe('classifyHttpStatus', () => {
  it.each([
    [200, null, { outcome: 'delivered' }],
    [204, null, { outcome: 'delivered' }],
    [202, null, { outcome: 'delivered' }],
    [500, null, { outcome: 'failed', retryable: true }],
    [503, '7', { outcome: 'failed', retryable: true, retryAfterMs: 7000 }],
    [429, '120', { outcome: 'failed', retryable: true, retryAfterMs: 120_000 }],
    [
      429,
      'Thu, 01 Jan 2026 00:00:30 GMT',
      { outcome: 'failed', retryable: true, retryAfterMs: 30_000 },
    ],
    [429, 'soon', { outcome: 'failed', retryable: true }],
    [400, '5', { outcome: 'failed', retryable: false }],
    [401, null, { outcome: 'failed', retryable: false }],
    [404, null, { outcome: 'failed', retryable: false }],
    [410, null, { outcome: 'failed', retryable: false }],
    [408, null, { outcome: 'failed', retryable: false }],
  ] as const)('HTTP %i (Retry-After %s) → %o', (status, retryAfter, expected) => {
    expect(classifyHttpStatus(status, retryAfter, NOW)).toMatchObject(expected);
  });

  it.each([
    [429, 'soon'],
    [400, '5'],
  ])('HTTP %i with Retry-After %s carries no wait', (status, retryAfter) => {
    expect(classifyHttpStatus(status, retryAfter, NOW)).not.toHaveProperty('retryAfterMs');
  });

  it('keeps a short excerpt of the body in the error', () => {
    const outcome = classifyHttpStatus(400, null, NOW, 'invalid_payload ' + 'x'.repeat(500));
    expect(outcome).toMatchObject({
      error: expect.stringMatching(/^HTTP 400: invalid_payload x+$/),
    });
    expect(outcome.outcome === 'failed' && outcome.error.length).toBeLessThan(220);
  });
});

describe('networkFailure', () => {
  it('names the socket error fetch wraps, and is retryable', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const error = new TypeError('fetch failed', { cause });
    expect(networkFailure(error)).toEqual({
      outcome: 'failed',
      retryable: true,
      error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('says timed out for an aborted request', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(networkFailure(error)).toMatchObject({ retryable: true, error: 'timed out' });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['0', 0],
    ['3', 3000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['-1', undefined],
  ])('%s → %s', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});
