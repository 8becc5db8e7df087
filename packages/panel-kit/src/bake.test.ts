import { describe, expect, it } from 'vitest';
import type { DeployCheckComparison, DeployWindow, Operation } from '@aether/contract';
import { makeDeployWindow } from '@aether/contract/fixtures';
import {
  BAKE_MS,
  bakeFigures,
  bakeOutcome,
  formatDelta,
  historyFigures,
  rollbackOf,
  timeLeft,
} from './bake';

const window = makeDeployWindow;
const check = (before: DeployWindow, after: DeployWindow): DeployCheckComparison => ({
  serviceId: 'orders',
  checkId: 'health',
  before,
  after,
  verdict: 'same',
  comparable: true,
  reasons: [],
});
const START = '2026-12-06T10:00:00.000Z';
const at = (ms: number) => Date.parse(START) + ms;

describe('bake', () => {
  it.each([
    ['no checks', [], { failures: 0, p95DeltaMs: null }],
    [
      'failures after, the largest p95 change',
      [check(window(10, 10, 3), window(6, 4, 6)), check(window(10, 10, 40), window(5, 5, 41))],
      { failures: 2, p95DeltaMs: 3 },
    ],
    [
      'no p95 without results on a side',
      [check(window(0, 0, null), window(3, 3, 9))],
      { failures: 0, p95DeltaMs: null },
    ],
  ])('figures: %s', (_, checks, expected) => {
    expect(bakeFigures({ checks })).toEqual(expected);
  });

  it.each([
    ['baking inside the window', 60_000, 0, 'same', 'baking'],
    ['looks good after a clean window', BAKE_MS, 0, 'better', 'looks-good'],
    ['failing at the first failure', 10_000, 1, 'same', 'failing'],
    ['failing on a worse verdict', 10_000, 0, 'worse', 'failing'],
  ] as const)('outcome: %s', (_, elapsed, failures, verdict, expected) => {
    expect(bakeOutcome(START, at(elapsed), { failures, p95DeltaMs: 0 }, verdict)).toBe(expected);
  });

  it.each<[string, Parameters<typeof bakeOutcome>[4], 'baking' | 'failing']>([
    // the after-window starts at the finish: no results yet, yet nothing to wait for
    ['a deploy that finished failed', { deployOutcome: 'failed' }, 'failing'],
    [
      'a finished deploy whose services already fail',
      { deployOutcome: 'succeeded', servicesFailing: true },
      'failing',
    ],
    [
      'a finished deploy whose services are fine',
      { deployOutcome: 'succeeded', servicesFailing: false },
      'baking',
    ],
    // while it runs, its own failures count (the window starts at its start)
    [
      'a running deploy, its services restarting',
      { deployOutcome: null, servicesFailing: true },
      'baking',
    ],
    // undone already: no rollback to offer
    ['a rolled-back deploy', { deployOutcome: 'rolled-back', servicesFailing: false }, 'baking'],
  ])('outcome with no results yet: %s', (_, state, expected) => {
    expect(bakeOutcome(START, at(10_000), { failures: 0, p95DeltaMs: null }, 'same', state)).toBe(
      expected,
    );
  });

  it.each([
    [0, '5:00'],
    [48_000, '4:12'],
    [BAKE_MS - 1, '0:01'],
    [BAKE_MS + 5_000, '0:00'],
  ])('time left after %i ms is %s', (elapsed, text) => {
    expect(timeLeft(START, at(elapsed))).toBe(text);
  });

  it.each([
    [3.2, '+3 ms'],
    [-12, '−12 ms'],
    [0.2, '±0 ms'],
  ])('delta %f is %s', (ms, text) => expect(formatDelta(ms)).toBe(text));

  it("finds the service's rollback operation by id or title", () => {
    const op = (id: string, title: string, serviceId = 'orders') =>
      ({ id, title, serviceId }) as Operation;
    expect(rollbackOf([op('restart', 'Restart'), op('rollback', 'Roll back')], 'orders')?.id).toBe(
      'rollback',
    );
    expect(rollbackOf([op('undo', 'Roll back release')], 'orders')?.id).toBe('undo');
    expect(rollbackOf([op('rollback', 'Roll back', 'cart')], 'orders')).toBeNull();
    expect(rollbackOf([op('rollbacks-report', 'Rollbacks report')], 'orders')).toBeNull();
  });
});

describe('historyFigures', () => {
  const point = (minute: number, failures: number, p95: number | null) => ({
    t: new Date(Date.parse(START) + minute * 60_000).toISOString(),
    failures,
    p95,
  });
  it.each([
    ['nothing around it', [], { failures: 0, p95DeltaMs: null }],
    [
      'failures from the step of the run on, worst p95 after vs before',
      [point(-2, 3, 40), point(-1, 0, 42), point(0, 1, 45), point(1, 0, 50)],
      { failures: 1, p95DeltaMs: 8 },
    ],
    ['no p95 change without a side', [point(0, 0, 9)], { failures: 0, p95DeltaMs: null }],
  ])('%s', (_, points, expected) => {
    expect(
      historyFigures(points, new Date(Date.parse(START) + 20_000).toISOString(), 60_000),
    ).toEqual(expected);
  });
});
