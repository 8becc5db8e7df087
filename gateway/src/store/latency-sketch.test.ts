import { describe, expect, it } from 'vitest';
import { LatencySketch, exactQuantile } from './latency-sketch.js';

describe('LatencySketch', () => {
  it('reports nothing when empty', () => {
    expect(new LatencySketch().quantile(0.5)).toBeNull();
  });

  it('is exact when every sample is equal', () => {
    const sketch = new LatencySketch();
    for (let i = 0; i < 10; i++) sketch.add(42);
    expect(sketch.quantile(0.5)).toBe(42);
    expect(sketch.quantile(0.99)).toBe(42);
  });

  it.each([
    ['uniform 1..1000 ms', Array.from({ length: 1000 }, (_, i) => i + 1)],
    [
      'long tail',
      [
        ...Array.from({ length: 980 }, () => 12.5),
        ...Array.from({ length: 20 }, (_, i) => 800 + i * 50),
      ],
    ],
    ['sub-millisecond', Array.from({ length: 300 }, (_, i) => 0.05 + i * 0.003)],
  ])('stays within 1%% of the nearest-rank quantile: %s', (_name, samples) => {
    const sketch = new LatencySketch();
    for (const s of samples) sketch.add(s);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(sorted, q)!;
      expect(Math.abs(sketch.quantile(q)! - exact) / exact).toBeLessThanOrEqual(0.0101);
    }
  });

  it('keeps the extreme bins apart and in order, whatever order they come in', () => {
    const sketch = new LatencySketch();
    for (const ms of [1e300, 0.0005, 7, 1e300, 7, 7, Number.MAX_VALUE, 0.0005]) sketch.add(ms);
    expect(sketch.quantile(0.25)).toBe(0.0005);
    expect(Math.abs(sketch.quantile(0.5)! - 7) / 7).toBeLessThanOrEqual(0.0101);
    expect(sketch.quantile(0.75)! / 1e300).toBeCloseTo(1, 1);
    expect(sketch.quantile(1)).toBe(Number.MAX_VALUE);
  });

  it('treats zero and negative latencies as zero', () => {
    const sketch = new LatencySketch();
    sketch.add(0);
    sketch.add(-3);
    sketch.add(5);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.quantile(1)).toBe(5);
  });
});

describe('exactQuantile', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.99, 4],
    [[7], 0.01, 7],
    [[], 0.5, null],
  ])('%j at %d is %j', (sorted, q, expected) => {
    expect(exactQuantile(sorted, q)).toBe(expected);
  });
});
