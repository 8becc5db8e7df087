import { describe, expect, it } from 'vitest';
import { compareWindows, overallVerdict } from './comparison-rule.js';

const side = (total: number, good: number, p95: number | null, failing: string[] = []) => ({
  total,
  good,
  p95,
  failing,
});

describe('compareWindows', () => {
  it.each([
    {
      name: 'nothing moved',
      before: side(90, 90, 40),
      after: side(30, 30, 42),
      verdict: 'same',
      reasons: [],
    },
    {
      name: 'one new failure among 30',
      before: side(90, 90, 40),
      after: side(30, 29, 40),
      verdict: 'worse',
      reasons: ['success 100% → 96.7%'],
    },
    {
      name: 'a drop within 1 point',
      before: side(1000, 1000, 40),
      after: side(1000, 991, 40),
      verdict: 'same',
      reasons: [],
    },
    {
      name: 'a rise beyond 1 point',
      before: side(90, 80, 40),
      after: side(30, 30, 40),
      verdict: 'better',
      reasons: ['success 88.9% → 100%'],
    },
    {
      name: 'a condition starts failing',
      before: side(90, 90, 40),
      after: side(30, 30, 40, ['json $.status']),
      verdict: 'worse',
      reasons: ['json $.status started failing'],
    },
    {
      name: 'a condition stops failing',
      before: side(90, 90, 40, ['maxLatency']),
      after: side(30, 30, 40),
      verdict: 'better',
      reasons: ['maxLatency stopped failing'],
    },
    {
      name: 'p95 +50 % and +20 ms',
      before: side(90, 90, 40),
      after: side(30, 30, 61),
      verdict: 'worse',
      reasons: ['p95 40 ms → 61 ms'],
    },
    {
      name: 'p95 +50 % but under 20 ms',
      before: side(90, 90, 3),
      after: side(30, 30, 15),
      verdict: 'same',
      reasons: [],
    },
    {
      name: 'p95 +20 ms but under 50 %',
      before: side(90, 90, 100),
      after: side(30, 30, 140),
      verdict: 'same',
      reasons: [],
    },
    {
      name: 'p95 halved by more than 20 ms',
      before: side(90, 90, 90),
      after: side(30, 30, 40),
      verdict: 'better',
      reasons: ['p95 90 ms → 40 ms'],
    },
    {
      name: 'worse wins over better',
      before: side(90, 80, 90, ['status']),
      after: side(30, 30, 40, ['json $.status']),
      verdict: 'worse',
      reasons: ['json $.status started failing'],
    },
    {
      name: 'no latency on one side',
      before: side(90, 90, null),
      after: side(30, 30, 400),
      verdict: 'same',
      reasons: [],
    },
  ] as const)('$name: $verdict', ({ before, after, verdict, reasons }) => {
    expect(compareWindows(before, after)).toEqual({ verdict, comparable: true, reasons });
  });

  it.each([
    {
      before: side(0, 0, null),
      after: side(30, 30, 40),
      reasons: ['no results in the 15 minutes before the deploy'],
    },
    { before: side(90, 90, 40), after: side(0, 0, null), reasons: ['no results since the deploy'] },
    {
      before: side(0, 0, null),
      after: side(0, 0, null),
      reasons: ['no results in the 15 minutes before the deploy', 'no results since the deploy'],
    },
  ])(
    'an empty side cannot be compared: same, not comparable ($reasons)',
    ({ before, after, reasons }) => {
      expect(compareWindows(before, after)).toEqual({
        verdict: 'same',
        comparable: false,
        reasons,
      });
    },
  );
});

describe('overallVerdict', () => {
  it.each([
    { verdicts: [], overall: 'same' },
    { verdicts: ['same', 'same'], overall: 'same' },
    { verdicts: ['same', 'better'], overall: 'better' },
    { verdicts: ['better', 'worse', 'same'], overall: 'worse' },
  ] as const)('$verdicts → $overall', ({ verdicts, overall }) => {
    expect(overallVerdict(verdicts)).toBe(overall);
  });
});
