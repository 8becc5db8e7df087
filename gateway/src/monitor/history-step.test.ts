import { describe, expect, it } from 'vitest';
import { historyStep, MAX_HISTORY_POINTS, niceStep } from './history-step.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('historyStep: one rule for the API and the monitor', () => {
  it.each([
    // [what, span, asked, step]
    ['24 h with no step: a round step near 120 points', D, undefined, 15 * MIN],
    ['1 h with no step', H, undefined, 30 * S],
    ['an asked step that fits is kept', 12 * H, MIN, MIN],
    ['24 h at 1 m would be 1,440 points: widened', D, MIN, 2 * MIN],
    ['exactly MAX_HISTORY_POINTS points is allowed', 1000 * MIN, MIN, MIN],
    ['one point over the limit widens to a round step', 1001 * MIN, MIN, 2 * MIN],
    ['a year at 1 s is capped to at most 1,000 points', 365 * D, S, niceStep((365 * D) / 1000)],
    ['a non-positive step counts as none', D, 0, 15 * MIN],
    ['NaN counts as none', D, Number.NaN, 15 * MIN],
  ])('%s', (_what, span, asked, step) => {
    expect(historyStep(span, asked)).toBe(step);
  });

  it('never answers more than 1,000 points, and is its own fixed point', () => {
    expect(MAX_HISTORY_POINTS).toBe(1_000);
    for (const span of [MIN, H, 7 * D, 90 * D, 400 * D])
      for (const asked of [undefined, S, 10 * S, MIN, H]) {
        const step = historyStep(span, asked);
        expect(span / step).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
        expect(historyStep(span, step)).toBe(step);
      }
  });
});
