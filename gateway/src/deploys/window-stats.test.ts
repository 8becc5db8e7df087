import { describe, expect, it } from 'vitest';
import { makeResult } from '@aether/contract/fixtures';
import { MemoryResultStore } from '../store/memory-store.js';
import type { HistoryRequest } from '../store/types.js';
import { FakeClock } from '../testing/fake-clock.js';
import { CLOSED_AFTER_MS, ClosedSteps, KEPT_FOR_MS } from './closed-steps.js';
import { windowStats } from './window-stats.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 7); // not on a step boundary, as a deploy's start is not
const S = 1000;
const MIN = 60 * S;

/** A store that has orders/health results every 10 s (latency varying, every 7th failing), its reads noted. */
function setup() {
  const clock = new FakeClock(T0 - 20 * MIN);
  const results = new MemoryResultStore({ clock });
  const reads: HistoryRequest[] = [];
  const history = results.history.bind(results);
  results.history = (request) => (reads.push(request), history(request));
  let n = 0;
  const probeFor = async (ms: number) => {
    for (const end = clock.now() + ms; clock.now() < end;) {
      const ok = ++n % 7 !== 0;
      results.recordResult(
        makeResult('orders', 'health', ok, {
          timestamp: new Date(clock.now()).toISOString(),
          durationMs: 5 + ((n * 37) % 90),
        }),
      );
      await clock.advance(10 * S);
    }
  };
  return { clock, results, reads, probeFor };
}

describe('windowStats with closed steps kept', () => {
  it('gives what a whole read gives, reading only past the steps that closed', async () => {
    const { clock, results, reads, probeFor } = setup();
    const steps = new ClosedSteps();
    await probeFor(20 * MIN); // up to the start, T0
    const before = { fromMs: T0 - 15 * MIN, toMs: T0 };
    let previousNow = 0;
    for (let i = 0; i < 6; i++) {
      await probeFor(i === 0 ? 20 * S : MIN + 13 * S); // within KEPT_FOR_MS
      const nowMs = clock.now();
      for (const [window, endInclusive, name] of [
        [before, false, 'before'],
        [{ fromMs: T0, toMs: nowMs }, true, 'after'],
      ] as const) {
        const statsOf = (kept?: Parameters<typeof windowStats>[6]) =>
          windowStats(results, 'orders', 'health', window.fromMs, window.toMs, endInclusive, kept);
        const whole = await statsOf();
        reads.length = 0;
        const kept = await statsOf({ memo: steps.memo('dep-1', name), nowMs });
        expect(kept).toEqual(whole);
        expect(kept.total).toBeGreaterThan(0);
        if (i === 0) continue; // the first read is a whole one
        // "before" ends at the start: closed a minute after it, read no more
        if (name === 'before' && previousNow - CLOSED_AFTER_MS >= T0) expect(reads).toEqual([]);
        else
          // only the steps still open at the previous read
          for (const r of reads)
            expect(r.fromMs).toBeGreaterThanOrEqual(previousNow - CLOSED_AFTER_MS - 30 * S);
      }
      previousNow = nowMs;
    }
  });

  it('reads a window whole again after a while, taking in results written late', async () => {
    const { clock, results, probeFor } = setup();
    const steps = new ClosedSteps();
    await probeFor(25 * MIN);
    const read = (memo?: boolean) =>
      windowStats(
        results,
        'orders',
        'health',
        T0,
        clock.now(),
        true,
        memo ? { memo: steps.memo('dep-1', 'after'), nowMs: clock.now() } : undefined,
      );
    await read(true);
    // a result stamped in a step already kept, written now (a gateway held it through an outage)
    results.recordResult(
      makeResult('orders', 'health', false, {
        timestamp: new Date(T0 + 12 * S).toISOString(),
        durationMs: 900,
      }),
    );
    await probeFor(KEPT_FOR_MS);
    const whole = await read();
    expect(await read(true)).toEqual(whole);
  });

  it('forgets the windows of the deploys read least recently', () => {
    const steps = new ClosedSteps();
    for (let i = 0; i < 20; i++)
      steps
        .memo(`dep-${i}`, 'before')
        .set({ steps: { total: i, failures: 0, p50: [], p95: [] }, untilMs: i, sinceMs: 0 });
    expect(steps.size).toBe(8);
    expect(steps.memo('dep-0', 'before').get()).toBeUndefined();
    expect(steps.memo('dep-19', 'before').get()).toMatchObject({ untilMs: 19 });
  });
});
