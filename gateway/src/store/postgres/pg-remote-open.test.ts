import { describe, expect, it } from 'vitest';
import { RemoteChecks, remoteOpenRows } from './pg-remote-open.js';

const MIN = 60_000;

describe('RemoteChecks', () => {
  it('names the checks with a relayed result since a time, by their latest, and forgets older ones', () => {
    const remote = new RemoteChecks();
    remote.note(1, 5 * MIN);
    remote.note(1, 2 * MIN); // an older result relayed late does not move the latest back
    remote.note(2, 3 * MIN);
    expect(remote.since([1, 2, 3], 4 * MIN)).toEqual([1]);
    expect(remote.since([1, 2, 3], 3 * MIN)).toEqual([1, 2]);
    remote.prune(4 * MIN);
    expect(remote.since([1, 2], 0)).toEqual([1]);
  });
});

describe('remoteOpenRows', () => {
  it('makes the rows of the wanted (check, bucket) pairs only', () => {
    const raw = [
      { checkKey: 1, ts: 10, code: 0, success: true, latencyMs: 10 },
      { checkKey: 1, ts: 20, code: 2, success: false, latencyMs: 30 },
      { checkKey: 1, ts: MIN + 5, code: 0, success: true, latencyMs: 7 },
      { checkKey: 2, ts: 30, code: 0, success: true, latencyMs: 1 },
    ];
    const rows = remoteOpenRows(raw, MIN, (key, bucket) => !(key === 2 && bucket === 0));
    expect(rows.map((r) => [r.checkKey, r.bucket, r.count, r.failures, r.worst])).toEqual([
      [1, 0, 2, 1, 2],
      [1, MIN, 1, 0, 0],
    ]);
    // the latency sketch's 1 % bound (see LatencySketch); a bucket of one sample is exact
    expect(Math.abs(rows[0]!.p99! - 30) / 30).toBeLessThan(0.01);
    expect(rows[1]!.p50).toBe(7);
  });
});
