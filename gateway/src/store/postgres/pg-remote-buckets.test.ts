import { describe, expect, it } from 'vitest';
import { RemoteBuckets } from './pg-remote-buckets.js';

const MIN = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MIN);

describe('RemoteBuckets', () => {
  it('shows the open buckets of the asked checks and drops only the ones that ended', () => {
    const buckets = new RemoteBuckets(MIN);
    buckets.add(1, T0 + 1_000, 0, true, 10);
    buckets.add(1, T0 + 2_000, 2, false, 30);
    buckets.add(2, T0 + 3_000, 0, true, 5);
    buckets.add(1, T0 + MIN + 1_000, 0, true, 20);
    expect(buckets.peek(new Set([1]), T0, T0 + 2 * MIN)).toEqual([
      expect.objectContaining({ checkKey: 1, bucket: T0, count: 2, failures: 1, worst: 2 }),
      expect.objectContaining({ checkKey: 1, bucket: T0 + MIN, count: 1, failures: 0 }),
    ]);
    expect(buckets.peek(new Set([2]), T0 + MIN, T0 + 2 * MIN)).toEqual([]);

    buckets.drop(T0 + MIN - 1); // the first minute has not ended yet
    expect(buckets.peek(new Set([1, 2]), T0, T0 + MIN)).toHaveLength(2);
    buckets.drop(T0 + MIN);
    expect(buckets.peek(new Set([1, 2]), T0, T0 + 2 * MIN)).toEqual([
      expect.objectContaining({ checkKey: 1, bucket: T0 + MIN, count: 1 }),
    ]);
  });
});
