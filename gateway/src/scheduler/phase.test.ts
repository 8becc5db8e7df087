import { describe, expect, it } from 'vitest';
import { hash32, phaseOffset } from './phase.js';

describe('phaseOffset', () => {
  it('is deterministic and inside the window', () => {
    expect(phaseOffset('orders/health', 10_000)).toBe(phaseOffset('orders/health', 10_000));
    expect(hash32('orders/health')).not.toBe(hash32('orders/db-port'));
    expect(phaseOffset('x', 1)).toBe(0);
  });

  it.each([
    ['svc-{i}/health', 10_000, 10_000],
    ['{i}/http', 30_000, 10_000],
    ['service-{i}/check-{i}', 60_000, 5_000],
  ])('spreads %s evenly over %d ms (%d checks)', (pattern, windowMs, n) => {
    const slots = 100;
    const perSlot = new Array<number>(slots).fill(0);
    for (let i = 0; i < n; i++) {
      const offset = phaseOffset(pattern.replaceAll('{i}', String(i)), windowMs);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(windowMs);
      perSlot[Math.floor((offset / windowMs) * slots)]!++;
    }
    const mean = n / slots;
    // no 1 % slice of the interval gets more than twice its share, none is empty
    expect(Math.max(...perSlot)).toBeLessThanOrEqual(2 * mean);
    expect(Math.min(...perSlot)).toBeGreaterThan(0);
  });
});
