import { describe, expect, it } from 'vitest';
import { makeResult } from '@aether/contract/fixtures';
import { causeOf, locationOf } from './failure-cause';

describe('locationOf', () => {
  it.each([
    ['dns orders.test A @127.0.0.1:5353', '127.0.0.1:5353'],
    ['GET http://127.0.0.1:9101/health', '127.0.0.1:9101'],
    ['POST https://[::1]:8443/x?y=1', '[::1]:8443'],
    ['tcp 127.0.0.1:5432', '127.0.0.1:5432'],
    ['tls localhost:9443', 'localhost:9443'],
  ])('%s → %s', (target, location) => expect(locationOf(target)).toBe(location));
});

describe('causeOf', () => {
  const at = 'GET http://127.0.0.1:9101/health';
  it.each([
    ['a passing result', makeResult('a', 'h', true), null],
    [
      'the first failing fail-condition',
      makeResult('a', 'h', false),
      { condition: 'status', location: '127.0.0.1:9101' },
    ],
    [
      'a probe error when no condition failed',
      makeResult('a', 'h', false, {
        conditions: [],
        errors: [{ kind: 'timeout', message: 'no answer in 2s' }],
      }),
      { condition: 'error timeout', location: '127.0.0.1:9101' },
    ],
    [
      'a latency budget on a degraded result',
      makeResult('a', 'h', true, {
        status: 'degraded',
        conditions: [
          {
            condition: 'maxLatency',
            expected: '≤ 500ms',
            actual: '740ms',
            ok: false,
            severity: 'degrade',
          },
        ],
      }),
      { condition: 'maxLatency', location: '127.0.0.1:9101' },
    ],
  ])('names %s', (_, result, cause) => {
    expect(result.target).toBe(at);
    expect(causeOf(result)).toEqual(cause);
  });
});
