import { describe, expect, it } from 'vitest';
import { CATCH_UP_MS, CATCH_UP_PER_SECOND, gainedSlots, type GainedCheck } from './gained-slots.js';

const NOW = Date.UTC(2026, 0, 1, 12);

/** `n` checks at `intervalMs`, last probed `agoMs(i)` before NOW. */
const checks = (n: number, intervalMs: number, agoMs: (i: number) => number): GainedCheck[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `svc-${i}/health`,
    intervalMs,
    lastProbedAt: NOW - agoMs(i),
  }));

/** How many slots fall in each second from NOW. */
function perSecond(slots: Iterable<{ at: number }>): number[] {
  const counts: number[] = [];
  for (const { at } of slots) {
    const s = Math.floor((at - NOW) / 1000);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return Array.from(counts, (c) => c ?? 0);
}

describe('gainedSlots', () => {
  it('keeps a fresh check on its previous prober’s slot, catches up an overdue one, leaves a stale or unprobed one to the start spread', () => {
    const { slots, atSlot, caughtUp, catchUpMs } = gainedSlots(
      [
        { key: 'fresh', intervalMs: 30_000, lastProbedAt: NOW - 12_000 },
        { key: 'overdue', intervalMs: 30_000, lastProbedAt: NOW - 41_000 },
        { key: 'stale', intervalMs: 30_000, lastProbedAt: NOW - 3_600_000 },
        { key: 'never', intervalMs: 30_000, lastProbedAt: NaN },
      ],
      NOW,
      30_000,
    );
    expect(slots.get('fresh')).toEqual({ at: NOW + 18_000 });
    const overdue = slots.get('overdue')!;
    expect(overdue.at).toBeGreaterThanOrEqual(NOW);
    expect(overdue.at).toBeLessThan(NOW + CATCH_UP_MS);
    expect(overdue.grid).toBe(NOW - 41_000);
    expect(slots.has('stale')).toBe(false);
    expect(slots.has('never')).toBe(false);
    expect({ atSlot, caughtUp, catchUpMs }).toEqual({ atSlot: 1, caughtUp: 1, catchUpMs: 5000 });
  });

  it('a check with an interval shorter than the window is caught up within its interval', () => {
    const { slots, catchUpMs } = gainedSlots(
      checks(500, 1000, () => 1500),
      NOW,
      30_000,
    );
    expect(catchUpMs).toBe(1000);
    for (const { at } of slots.values()) expect(at - NOW).toBeLessThan(1000);
  });

  it('spreads 3,000 overdue checks over the 5 s window: ~600 first runs a second, not all at once', () => {
    const { slots } = gainedSlots(
      checks(3000, 30_000, (i) => 30_000 + (i % 15_000)),
      NOW,
      30_000,
    );
    expect(slots.size).toBe(3000);
    const counts = perSecond(slots.values());
    expect(counts.length).toBe(CATCH_UP_MS / 1000);
    for (const n of counts) expect(n).toBeLessThan(700);
  });

  it('stretches the window for a larger batch: 10,000 overdue checks at most ~1,000 a second', () => {
    const { slots, catchUpMs } = gainedSlots(
      checks(10_000, 30_000, (i) => 30_000 + (i % 15_000)),
      NOW,
      30_000,
    );
    const counts = perSecond(slots.values());
    expect(catchUpMs).toBe(10_000);
    expect(counts.length).toBe(10_000 / CATCH_UP_PER_SECOND);
    for (const n of counts) expect(n).toBeLessThan(CATCH_UP_PER_SECOND * 1.15);
  });

  it('without a take-over bound every overdue check is caught up', () => {
    expect(
      gainedSlots(
        checks(10, 30_000, () => 3_600_000),
        NOW,
      ).caughtUp,
    ).toBe(10);
  });
});
