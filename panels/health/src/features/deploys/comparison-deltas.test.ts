import { describe, expect, it } from 'vitest';
import type { DeployCheckComparison, DeployWindow } from '@aether/contract';
import {
  comparisonRow,
  comparisonRows,
  conditionDeltas,
  latencyTrend,
  passRateTrend,
} from './comparison-deltas';

const side = (overrides: Partial<DeployWindow> = {}): DeployWindow => ({
  from: '2026-11-27T11:45:00.000Z',
  to: '2026-11-27T12:00:00.000Z',
  total: 90,
  good: 90,
  p50: 2,
  p95: 3,
  failing: [],
  ...overrides,
});

const check = (
  checkId: string,
  verdict: DeployCheckComparison['verdict'],
  after: Partial<DeployWindow> = {},
): DeployCheckComparison => ({
  serviceId: 'orders',
  checkId,
  before: side(),
  after: side(after),
  verdict,
  comparable: true,
  reasons: [],
});

describe('latencyTrend', () => {
  it.each([
    [3, 41, 'worse'],
    [41, 3, 'better'],
    [3, 8, 'same'], // +166 % but under 20 ms: jitter
    [200, 280, 'same'], // +80 ms but under 50 %
    [200, 300, 'worse'],
    [null, 40, 'same'],
    [40, null, 'same'],
  ] as const)('%s → %s ms is %s', (before, after, trend) =>
    expect(latencyTrend(before, after)).toBe(trend),
  );
});

describe('passRateTrend', () => {
  it.each([
    [1, 0.8, 'worse'],
    [0.8, 1, 'better'],
    [1, 1, 'same'],
    [1, 0.995, 'same'], // within a point
    [null, 1, 'same'],
  ] as const)('%s → %s is %s', (before, after, trend) =>
    expect(passRateTrend(before, after)).toBe(trend),
  );
});

describe('conditionDeltas', () => {
  it('lists what started failing, then what still fails, then what was fixed', () => {
    expect(
      conditionDeltas(
        side({ failing: ['status', 'header content-type'] }),
        side({ failing: ['status', 'json $.status', 'error timeout'] }),
      ),
    ).toEqual([
      { condition: 'error timeout', before: 'ok', after: 'failing' },
      { condition: 'json $.status', before: 'ok', after: 'failing' },
      { condition: 'status', before: 'failing', after: 'failing' },
      { condition: 'header content-type', before: 'failing', after: 'ok' },
    ]);
  });
});

describe('comparisonRow', () => {
  it('shows both sides of pass rate, p50 and p95 with their trend', () => {
    const row = comparisonRow(
      check('health', 'worse', {
        total: 30,
        good: 24,
        p50: 30,
        p95: 41,
        failing: ['json $.status'],
      }),
    );
    expect(row).toMatchObject({
      passRate: { before: '100%', after: '80%', trend: 'worse' },
      p50: { before: '2', after: '30', trend: 'worse' },
      p95: { before: '3', after: '41', trend: 'worse' },
      conditions: [{ condition: 'json $.status', before: 'ok', after: 'failing' }],
    });
  });

  it('shows a side without results as a dash', () => {
    const row = comparisonRow(check('health', 'same', { total: 0, good: 0, p50: null, p95: null }));
    expect(row.passRate).toEqual({ before: '100%', after: '—', trend: 'same' });
    expect(row.p95).toEqual({ before: '3', after: '—', trend: 'same' });
  });

  it('puts worse rows first', () => {
    expect(
      comparisonRows([check('a', 'same'), check('b', 'better'), check('c', 'worse')]).map(
        (r) => r.checkId,
      ),
    ).toEqual(['c', 'b', 'a']);
  });
});
