import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '@aether/contract';
import { firstDataAt, monitoringGaps } from './history-coverage';

const point = (i: number, count: number): HistoryPoint => ({
  t: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
  count,
  failures: 0,
  successRatio: count ? 1 : null,
  p50: count ? 10 : null,
  p95: count ? 20 : null,
  p99: count ? 30 : null,
  status: count ? 'up' : 'unknown',
});
const series = (counts: number[]) => counts.map((count, i) => point(i, count));

describe('firstDataAt', () => {
  it.each([
    ['data from the start', [5, 5, 5, 5], null],
    ['one empty step at the start (the range edge)', [0, 5, 5, 5], null],
    ['data only in the last two steps', [0, 0, 0, 5, 5], point(3, 5).t],
    ['no data at all (said elsewhere)', [0, 0, 0], null],
    ['a gap in the middle is not a late start', [5, 0, 0, 5], null],
  ])('%s', (_, counts, expected) => {
    expect(firstDataAt(series(counts))).toBe(expected);
  });
});

describe('monitoringGaps', () => {
  it.each([
    ['none', [5, 5, 5, 5], []],
    ['one empty step is no gap (a step edge, a slow probe)', [5, 0, 5], []],
    ['steps without results between data', [5, 0, 0, 0, 5, 5], [[1, 4]]],
    [
      'two of them',
      [5, 0, 0, 5, 0, 0, 5],
      [
        [1, 3],
        [4, 6],
      ],
    ],
    ['a late start or an early end is not a gap', [0, 0, 5, 5, 0, 0], []],
  ])('%s', (_, counts, expected) => {
    expect(monitoringGaps(series(counts))).toEqual(
      expected.map(([from, to]) => ({ from: point(from!, 0).t, to: point(to!, 0).t })),
    );
  });
});
