import { describe, expect, it } from 'vitest';
import { budgetPath } from './budget-chart';

const point = (day: number, remainingRatio: number | null) => ({
  t: new Date(Date.UTC(2026, 10, 1 + day)).toISOString(),
  remainingRatio,
  sli: null,
});
const span = { from: point(0, null).t, to: point(10, null).t };

describe('budgetPath', () => {
  it('draws 100 % at the top and 0 % at the bottom across the window', () => {
    expect(budgetPath({ ...span, points: [point(0, 1), point(5, 0.5), point(10, 0)] })).toBe(
      'M0.0 0.0L300.0 80.0L600.0 160.0',
    );
  });

  it('breaks the line over steps without results instead of drawing across them', () => {
    const path = budgetPath({ ...span, points: [point(0, 1), point(5, null), point(10, 1)] });
    expect(path).toBe('M0.0 0.0M600.0 0.0');
  });

  it('stretches below zero for an overspent budget', () => {
    // range −100 %…100 %: zero sits half way down
    expect(budgetPath({ ...span, points: [point(0, 1), point(10, -1)] })).toBe(
      'M0.0 0.0L600.0 160.0',
    );
    // a budget spent from the start lies on the zero line, at the bottom
    expect(budgetPath({ ...span, points: [point(0, 0)] })).toBe('M0.0 160.0');
  });
});
