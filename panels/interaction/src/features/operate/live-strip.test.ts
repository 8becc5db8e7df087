import { describe, expect, it } from 'vitest';
import { makeResult } from '@aether/contract/fixtures';
import { STRIP_WINDOW_MS, stripOf, timeLeft } from './live-strip';

const since = Date.parse('2026-12-06T12:00:00.000Z');
const at = (ms: number) => new Date(since + ms).toISOString();

describe('stripOf', () => {
  it('keeps this service’s results of the window, per check, oldest first', () => {
    const results = [
      makeResult('orders', 'health', true, { timestamp: at(20_000) }),
      makeResult('orders', 'health', false, { timestamp: at(10_000) }),
      makeResult('orders', 'db', true, { timestamp: at(5_000) }),
      makeResult('orders', 'health', true, { timestamp: at(-1) }), // before the run
      makeResult('orders', 'health', true, { timestamp: at(STRIP_WINDOW_MS + 1) }), // after
      makeResult('cart', 'health', false, { timestamp: at(15_000) }), // another service
      makeResult('orders', 'gone', true, { timestamp: at(15_000) }), // a check not listed
    ];
    expect(
      stripOf(results, 'orders', ['health', 'db', 'tls'], since).map((c) => [
        c.checkId,
        c.marks.map((m) => m.status),
      ]),
    ).toEqual([
      ['health', ['down', 'up']],
      ['db', ['up']],
      ['tls', []],
    ]);
  });
});

describe('timeLeft', () => {
  it.each([
    [0, '2:00 left'],
    [500, '2:00 left'],
    [61_000, '0:59 left'],
    [STRIP_WINDOW_MS - 1, '0:01 left'],
    [STRIP_WINDOW_MS, null],
  ])('%i ms after the run → %s', (elapsed, expected) => {
    expect(timeLeft(since, since + elapsed)).toBe(expected);
  });
});
