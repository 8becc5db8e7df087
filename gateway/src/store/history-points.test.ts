import { describe, expect, it } from 'vitest';
import { pointsFromRollups, weightedQuantile } from './history-points.js';
import type { RollupRow } from './rollup-builder.js';
import { statusCode } from './status-code.js';

const D = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const row = (bucket: number, count: number, p: [number, number, number] | null, over = {}) =>
  ({
    checkKey: 1,
    bucket,
    count,
    failures: 0,
    worst: statusCode('up'),
    p50: p?.[0] ?? null,
    p95: p?.[1] ?? null,
    p99: p?.[2] ?? null,
    ...over,
  }) satisfies RollupRow;

describe('pointsFromRollups', () => {
  it.each<[string, RollupRow[], object]>([
    [
      'no row: an empty point',
      [],
      { count: 0, failures: 0, successRatio: null, p50: null, status: 'unknown' },
    ],
    ['a row of count 0 is no data', [row(T0, 0, [1, 2, 3])], { count: 0, status: 'unknown' }],
    [
      "one row: that bucket's own quantiles",
      [row(T0, 10, [5, 9, 12], { failures: 1, worst: statusCode('down') })],
      { count: 10, failures: 1, successRatio: 0.9, p50: 5, p95: 9, p99: 12, status: 'down' },
    ],
    [
      'one row without latencies',
      [row(T0, 4, null)],
      { count: 4, successRatio: 1, p50: null, p95: null, p99: null, status: 'up' },
    ],
    [
      'several rows (two checks): counts summed, quantiles count-weighted',
      [row(T0, 1, [100, 100, 100]), row(T0 + 3_600_000, 3, [10, 20, 30], { failures: 3 })],
      { count: 4, failures: 3, successRatio: 0.25, p50: 10, p95: 100, p99: 100, status: 'up' },
    ],
  ])('%s', (_, rows, expected) => {
    const [point] = pointsFromRollups(rows, T0, T0 + D, D);
    expect(point).toMatchObject({ t: new Date(T0).toISOString(), ...expected });
  });

  it('answers one point per step, in order, with the keys in the contract order', () => {
    const points = pointsFromRollups([row(T0 + 2 * D, 2, [1, 2, 3])], T0, T0 + 3 * D, D);
    expect(points.map((p) => [p.t, p.count])).toEqual([
      ['2026-01-01T00:00:00.000Z', 0],
      ['2026-01-02T00:00:00.000Z', 0],
      ['2026-01-03T00:00:00.000Z', 2],
    ]);
    const keys = ['t', 'count', 'failures', 'successRatio', 'p50', 'p95', 'p99', 'status'];
    for (const p of points) expect(Object.keys(p)).toEqual(keys);
  });
});

/** The count-weighted nearest rank as first written: values with their weights, sorted. */
function reference(rows: RollupRow[], field: 'p50' | 'p95' | 'p99', q: number) {
  const values = rows.filter((r) => r[field] !== null).map((r) => ({ v: r[field]!, w: r.count }));
  if (values.length === 0) return null;
  values.sort((a, b) => a.v - b.v);
  const rank = Math.max(1, Math.ceil(q * values.reduce((n, x) => n + x.w, 0)));
  let seen = 0;
  for (const x of values) if ((seen += x.w) >= rank) return x.v;
  return values.at(-1)!.v;
}

describe('weightedQuantile', () => {
  it('agrees with the count-weighted nearest rank on 200 random groups (nulls, ties, weights)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let g = 0; g < 200; g++) {
      const rows = Array.from({ length: 1 + Math.floor(next() * 14) }, (_, i) =>
        row(T0 + i, 1 + Math.floor(next() * 50), [
          Math.floor(next() * 10),
          Math.floor(next() * 100),
          Math.floor(next() * 1000),
        ]),
      ).map((r) => (next() < 0.2 ? { ...r, p95: null } : r));
      for (const [field, q] of [
        ['p50', 0.5],
        ['p95', 0.95],
        ['p99', 0.99],
      ] as const)
        expect(weightedQuantile(rows, field, q)).toBe(reference(rows, field, q));
    }
  });
});
