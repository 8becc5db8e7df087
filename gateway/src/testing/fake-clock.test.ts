import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('fires timers in time order and moves now to each', async () => {
    const clock = new FakeClock(1000);
    const seen: [string, number][] = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 200);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 100);
    const cancelled = clock.setTimeout(() => seen.push(['never', clock.now()]), 150);
    clock.clearTimeout(cancelled);
    await clock.advance(150);
    expect(seen).toEqual([['a', 1100]]);
    expect(clock.now()).toBe(1150);
    await clock.advance(1000);
    expect(seen).toEqual([
      ['a', 1100],
      ['b', 1200],
    ]);
    expect(clock.now()).toBe(2150);
  });

  it('fires timers set by timers within the same advance, and lets promises settle between', async () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      void Promise.resolve().then(() => clock.setTimeout(tick, 10));
    };
    clock.setTimeout(tick, 10);
    await clock.advance(35);
    expect(seen).toEqual([10, 20, 30]);
  });

  it('runAll refuses to spin forever', async () => {
    const clock = new FakeClock(0);
    const again = () => clock.setTimeout(again, 1);
    again();
    await expect(clock.runAll(50)).rejects.toThrow(/re-arms forever/);
  });
});
