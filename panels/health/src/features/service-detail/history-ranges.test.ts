import { describe, expect, it } from 'vitest';
import { parseDuration as contractParse } from '@aether/contract';
import { HISTORY_RANGES, RANGE_STEP, rangeWindow } from './history-ranges';
import { parseDuration } from './parse-duration';

describe('history ranges', () => {
  it.each(HISTORY_RANGES)('%s asks for 60 to 125 points on step boundaries', (range) => {
    const { from, to, step } = rangeWindow(range, Date.parse('2026-11-27T12:03:17Z'));
    const stepMs = parseDuration(step);
    expect(to % stepMs).toBe(0);
    expect((to - from) / stepMs).toBeGreaterThanOrEqual(60);
    expect((to - from) / stepMs).toBeLessThanOrEqual(125);
  });

  it('parses steps exactly as the contract does', () => {
    for (const step of Object.values(RANGE_STEP))
      expect(parseDuration(step)).toBe(contractParse(step));
  });
});
