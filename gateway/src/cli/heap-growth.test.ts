import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from './heap-growth.js';

describe('heapGrowingPercent', () => {
  it.each([
    [undefined, DEFAULT_HEAP_GROWING_PERCENT],
    ['', DEFAULT_HEAP_GROWING_PERCENT],
    ['0', 0],
    ['50', 50],
    ['400', 400],
  ])('%j → %d', (raw, expected) => {
    expect(heapGrowingPercent(raw === undefined ? {} : { AETHER_HEAP_GROWING_PERCENT: raw })).toBe(
      expected,
    );
  });

  it.each(['-1', '401', '12.5', 'lots'])('refuses %j', (raw) => {
    expect(() => heapGrowingPercent({ AETHER_HEAP_GROWING_PERCENT: raw })).toThrow(
      /AETHER_HEAP_GROWING_PERCENT must be an integer from 0/,
    );
  });
});
