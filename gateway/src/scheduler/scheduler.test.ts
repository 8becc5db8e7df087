import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import type { RunFailure } from './scheduler.js';
import { phaseOffset } from './phase.js';
import { Scheduler, type FirstSlot, type RunInfo, type ScheduledJob } from './scheduler.js';

type Outcome = string;

interface Harness {
  clock: FakeClock;
  scheduler: Scheduler<Outcome>;
  runs: { key: string; at: number; outcome: Outcome; info: RunInfo }[];
  maxConcurrent: () => number;
}

/**
 * Jobs whose "probe" takes durations[key] ms of fake time (default 100), honours its signal
 * unless the key is in `ignoresSignal`, and throws when the key is in `throws`.
 */
function harness(
  options: {
    concurrency?: number;
    durations?: Record<string, number>;
    ignoresSignal?: string[];
    throws?: string[];
    maxSpreadMs?: number;
  } = {},
): Harness {
  const clock = new FakeClock(0);
  const runs: Harness['runs'] = [];
  let running = 0;
  let maxConcurrent = 0;
  const scheduler = new Scheduler<Outcome>({
    clock,
    concurrency: options.concurrency ?? 100,
    execute: (job, signal) => {
      if (options.throws?.includes(job.key)) throw new Error('boom');
      running++;
      maxConcurrent = Math.max(maxConcurrent, running);
      return new Promise<Outcome>((resolve) => {
        const timer = clock.setTimeout(() => {
          running--;
          resolve(`ok@${clock.now()}`);
        }, options.durations?.[job.key] ?? 100);
        if (!options.ignoresSignal?.includes(job.key)) {
          signal.addEventListener('abort', () => {
            clock.clearTimeout(timer);
            running--;
            resolve(`aborted:${(signal.reason as Error).name}`);
          });
        }
      });
    },
    fallback: (_job, failure: RunFailure) => `fallback:${failure.reason}`,
    onResult: (job, outcome, info) =>
      runs.push({ key: job.key, at: info.startedAt, outcome, info }),
    hardDeadlineGraceMs: 1000,
    maxSpreadMs: options.maxSpreadMs ?? 60_000,
  });
  return { clock, scheduler, runs, maxConcurrent: () => maxConcurrent };
}

const job = (key: string, intervalMs = 10_000, timeoutMs = 5000): ScheduledJob => ({
  key,
  intervalMs,
  timeoutMs,
});

describe('Scheduler', () => {
  it('runs each job at its phase and then every interval, with one timer armed', async () => {
    const { clock, scheduler, runs } = harness();
    scheduler.add(job('a', 10_000));
    scheduler.add(job('b', 30_000));
    scheduler.start();
    expect(clock.pending).toBe(1);
    await clock.advance(65_000);
    const at = (key: string) => runs.filter((r) => r.key === key).map((r) => r.at);
    const [a0] = at('a');
    const [b0] = at('b');
    expect(a0).toBeLessThan(10_000);
    expect(b0).toBeLessThan(30_000);
    expect(at('a')).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => a0! + i * 10_000).filter((t) => t <= 65_000),
    );
    expect(at('b')).toEqual([0, 1, 2].map((i) => b0! + i * 30_000).filter((t) => t <= 65_000));
    expect(runs.every((r) => r.info.latenessMs === 0 && r.info.trigger === 'schedule')).toBe(true);
  });

  it('arms a single timer for 10,000 jobs and fires each once per interval', async () => {
    const { clock, scheduler, runs } = harness({ concurrency: 10_000, durations: {} });
    for (let i = 0; i < 10_000; i++) scheduler.add(job(`svc-${i}/health`, 10_000, 2000));
    scheduler.start();
    expect(clock.pending).toBe(1);
    await clock.advance(10_000 + 200);
    const first = runs.filter((r) => r.at < 10_000);
    expect(first).toHaveLength(10_000);
    expect(new Set(first.map((r) => r.key)).size).toBe(10_000);
    // spread: no 100 ms slice holds more than twice its share of first runs
    const perSlice = new Map<number, number>();
    for (const r of first)
      perSlice.set(Math.floor(r.at / 100), (perSlice.get(Math.floor(r.at / 100)) ?? 0) + 1);
    expect(Math.max(...perSlice.values())).toBeLessThanOrEqual(200);
  });

  it('never runs one job twice at once: a slot that comes while it runs is skipped and counted', async () => {
    const { clock, scheduler, runs } = harness({ durations: { slow: 25_000 } });
    scheduler.add(job('slow', 10_000, 60_000));
    scheduler.start();
    await clock.advance(60_000 + 60_000);
    const starts = runs.map((r) => r.at);
    const first = starts[0]!;
    // runs at first, first+30s (first+10s and +20s skipped), first+60s, ...
    expect(starts.slice(0, 3)).toEqual([first, first + 30_000, first + 60_000]);
    expect(scheduler.stats().skipped).toBeGreaterThanOrEqual(4);
  });

  it('caps concurrency and queues the rest in order, recording their lateness', async () => {
    const durations = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [k, 3000]));
    // a 1 ms spread puts every first run on the same instant
    const { clock, scheduler, runs, maxConcurrent } = harness({
      concurrency: 2,
      durations,
      maxSpreadMs: 1,
    });
    for (const key of Object.keys(durations))
      scheduler.add({ key, intervalMs: 60_000, timeoutMs: 10_000 });
    scheduler.start();
    await clock.advance(20_000);
    expect(maxConcurrent()).toBe(2);
    expect(runs.map((r) => [r.key, r.info.latenessMs])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 3000],
      ['d', 3000],
      ['e', 6000],
    ]);
    expect(scheduler.stats().lateness).toMatchObject({
      samples: 5,
      p50: 3000,
      p99: 6000,
      max: 6000,
    });
  });

  it.each([
    ['honours its signal', false, 'aborted:TimeoutError', 5000, false],
    ['ignores its signal', true, 'fallback:hard-deadline', 6000, true],
  ])(
    'ends a probe that %s at the timeout or hard deadline',
    async (_name, ignores, outcome, endsAt, abandoned) => {
      const { clock, scheduler, runs } = harness({
        durations: { hang: 1_000_000, other: 100 },
        ignoresSignal: ignores ? ['hang'] : [],
        concurrency: 1,
      });
      scheduler.add({ key: 'hang', intervalMs: 600_000, timeoutMs: 5000 });
      scheduler.start();
      await clock.advance(600_000);
      const started = runs[0]!.info.startedAt;
      expect(runs[0]).toMatchObject({ outcome, info: { abandoned } });
      expect(runs[0]!.info.finishedAt - started).toBe(endsAt);
      // the slot is back: another job runs although the ignored probe may still be hanging
      scheduler.add({ key: 'other', intervalMs: 600_000, timeoutMs: 5000 });
      await clock.advance(600_000);
      expect(runs.some((r) => r.key === 'other' && r.outcome.startsWith('ok'))).toBe(true);
      // and the hanging job itself is not started again while its probe is still out
      expect(runs.filter((r) => r.key === 'hang')).toHaveLength(ignores ? 1 : 2);
    },
  );

  it('turns a probe that throws into its fallback result', async () => {
    const { clock, scheduler, runs } = harness({ throws: ['bad'] });
    scheduler.add(job('bad'));
    scheduler.start();
    await clock.advance(10_000);
    expect(runs[0]?.outcome).toBe('fallback:threw');
  });

  it('runs a job now through the cap; callers asking while it runs share the next run', async () => {
    const { clock, scheduler, runs } = harness({ durations: { a: 1000 } });
    scheduler.add(job('a', 3_600_000));
    const first = scheduler.runNow('a');
    const second = scheduler.runNow('a');
    const third = scheduler.runNow('a');
    await clock.advance(3000);
    expect(await first).toBe('ok@1000');
    expect(await second).toBe('ok@2000');
    expect(await third).toBe('ok@2000');
    expect(runs.map((r) => [r.at, r.info.trigger, r.info.latenessMs])).toEqual([
      [0, 'manual', 0],
      [1000, 'manual', 1000],
    ]);
    await expect(scheduler.runNow('missing')).rejects.toThrow(/no job/);
  });

  it('stops: no new runs, queued ones resolved, in-flight ones aborted after the grace and marked cancelled', async () => {
    const { clock, scheduler, runs } = harness({
      concurrency: 1,
      durations: { a: 50_000, b: 100 },
    });
    scheduler.add(job('a', 60_000, 55_000));
    scheduler.add(job('b', 60_000, 5_000));
    const a = scheduler.runNow('a');
    const b = scheduler.runNow('b');
    const stopping = scheduler.stop({ graceMs: 1000, maxWaitMs: 5000 });
    await clock.advance(2000);
    await stopping;
    expect(await b).toBe('fallback:stopped');
    expect(await a).toBe('aborted:RunFailure');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.info.cancelled).toBe(true);
    scheduler.start();
    await clock.advance(120_000);
    expect(runs).toHaveLength(1);
    expect(await scheduler.runNow('b')).toBe('fallback:stopped');
  });

  it('counts slots the process slept through instead of replaying them', async () => {
    const { clock, scheduler, runs } = harness();
    scheduler.add(job('a', 1000));
    scheduler.start();
    await clock.advance(1500);
    const before = runs.length;
    // the event loop stalls for 10 s: the clock jumps without firing the timer in between
    (clock as unknown as { current: number }).current += 10_000;
    await clock.advance(500);
    expect(runs.length).toBe(before + 1);
    expect(scheduler.stats().missed).toBe(9); // the slot due at the stall runs late, the 9 after it are skipped
    expect(runs.at(-1)!.info.latenessMs).toBeGreaterThan(9000);
  });

  it.each([
    ['an idle scheduler', []],
    ['one whose timer waits for a later job', [job('slow', 3_600_000)]],
  ])('runs a job added after start to %s at its own phase', async (_, before) => {
    const { clock, scheduler, runs } = harness({ maxSpreadMs: 1000 });
    for (const j of before) scheduler.add(j);
    scheduler.start();
    await clock.advance(1000); // 'slow' has had its first run: its next is an hour away
    scheduler.add(job('late', 1000));
    await clock.advance(2000);
    expect(runs.filter((r) => r.key === 'late').length).toBeGreaterThanOrEqual(2);
    expect(clock.pending).toBeGreaterThan(0);
  });

  it('removes a job: no more slots for it, and a manual run waiting on it is answered', async () => {
    const { clock, scheduler, runs } = harness({ durations: { a: 5000 }, maxSpreadMs: 1000 });
    scheduler.add(job('a', 10_000));
    scheduler.add(job('b', 10_000));
    scheduler.start();
    await clock.advance(1000); // both have started; a runs for 5 s
    const waiting = scheduler.runNow('a'); // a is busy: this waits for it to free up
    scheduler.remove('a');
    await clock.advance(60_000);
    // answered when the run in flight ends, instead of starting another run of a removed job
    expect(await waiting).toBe('fallback:stopped');
    const count = (key: string) => runs.filter((r) => r.key === key).length;
    expect(count('a')).toBe(1); // the run in flight finished; none after it
    expect(count('b')).toBe(7);
    expect(scheduler.stats().jobs).toBe(1);
    await expect(scheduler.runNow('a')).rejects.toThrow(/no job/);
  });

  it.each([
    // jobs, interval: first runs all land within `within` of start
    { jobs: 3, intervalMs: 30_000, within: 1000 },
    { jobs: 200, intervalMs: 30_000, within: 1000 },
    { jobs: 2000, intervalMs: 30_000, within: 10_000 },
    { jobs: 10_000, intervalMs: 10_000, within: 10_000 },
    { jobs: 50, intervalMs: 300, within: 300 },
  ])(
    'runs the first probe of each of $jobs jobs at $intervalMs ms within $within ms of start',
    async ({ jobs, intervalMs, within }) => {
      const { clock, scheduler, runs } = harness({ concurrency: 10_000, durations: {} });
      for (let i = 0; i < jobs; i++) scheduler.add(job(`svc-${i}/health`, intervalMs, 100));
      scheduler.start();
      await clock.advance(within + 200); // runs are reported when they finish (100 ms each)
      const first = new Map<string, number>();
      for (const r of runs) if (!first.has(r.key)) first.set(r.key, r.at);
      expect(first.size).toBe(jobs);
      expect(Math.max(...first.values())).toBeLessThan(within);
      // spread, not a burst: the first runs reach past the first tenth of the window
      if (jobs >= 200) expect(Math.max(...first.values())).toBeGreaterThan(within / 10);
    },
  );

  it('spreads jobs added together after start like a start, within their interval', async () => {
    const { clock, scheduler, runs } = harness({ concurrency: 10_000, durations: {} });
    scheduler.add(job('old', 10_000));
    scheduler.start();
    await clock.advance(5000);
    const added = Array.from({ length: 1000 }, (_, i) => job(`new-${i}/health`, 10_000, 100));
    scheduler.addAll(added);
    await clock.advance(5200);
    const firsts = new Map<string, number>();
    for (const r of runs)
      if (r.key.startsWith('new-') && !firsts.has(r.key)) firsts.set(r.key, r.at);
    expect(firsts.size).toBe(1000);
    expect(Math.min(...firsts.values())).toBeGreaterThanOrEqual(5000);
    expect(Math.max(...firsts.values())).toBeLessThan(10_000);
    expect(clock.pending).toBe(1);
  });

  it('runs jobs added with a slot of their own at that slot, then on their grid; the rest spread like a start', async () => {
    const { clock, scheduler, runs } = harness({ concurrency: 100, durations: {} });
    scheduler.add(job('old', 10_000));
    scheduler.start();
    await clock.advance(5000); // now 5,000
    const slots: Record<string, FirstSlot> = {
      // kept on its previous prober's slot
      fresh: { at: 12_000 },
      // caught up now, then back on the grid of 4,000 + k * 10,000, half an interval on at least
      overdue: { at: 5200, grid: 4000 },
      // a catch-up run just before a grid slot: that slot is skipped, not run back to back
      close: { at: 5300, grid: 6000 },
      // another clock ahead: no further than one interval
      ahead: { at: 99_000 },
      // long past: now
      past: { at: -50_000 },
    };
    scheduler.addAll(
      [...Object.keys(slots), 'spread'].map((key) => job(key, 10_000, 100)),
      (j) => slots[j.key],
    );
    await clock.advance(40_200); // to 45,200: the runs at 45,000 have finished
    const at = (key: string) => runs.filter((r) => r.key === key).map((r) => r.at);
    expect(at('fresh')).toEqual([12_000, 22_000, 32_000, 42_000]);
    expect(at('overdue')).toEqual([5200, 14_000, 24_000, 34_000, 44_000]);
    expect(at('close')).toEqual([5300, 16_000, 26_000, 36_000]);
    expect(at('ahead')).toEqual([15_000, 25_000, 35_000, 45_000]);
    expect(at('past')).toEqual([5000, 15_000, 25_000, 35_000, 45_000]);
    const [spread] = at('spread');
    expect(spread).toBeGreaterThanOrEqual(5000);
    expect(spread).toBeLessThan(15_000);
    expect(scheduler.stats().missed).toBe(0);
    expect(clock.pending).toBe(1);
  });

  it('a slot given before start is ignored: start spreads every job', async () => {
    const { clock, scheduler, runs } = harness({ concurrency: 100, durations: {} });
    scheduler.addAll([job('a', 10_000, 100)], () => ({ at: 9_999 }));
    scheduler.start();
    await clock.advance(10_000);
    expect(runs.map((r) => r.at)).toEqual([phaseOffset('a', 1000)]);
  });

  it('removes many jobs at once and keeps the rest on their slots', async () => {
    const { clock, scheduler, runs } = harness({ concurrency: 10_000, durations: {} });
    for (let i = 0; i < 100; i++) scheduler.add(job(`j-${i}`, 1000, 100));
    scheduler.start();
    await clock.advance(1000);
    const slotOf = (key: string) => runs.find((r) => r.key === key)!.at % 1000;
    const keptSlot = slotOf('j-99');
    scheduler.removeAll(Array.from({ length: 99 }, (_, i) => `j-${i}`));
    await clock.advance(3000);
    const after = runs.filter((r) => r.at >= 1000); // runs in flight at the removal finish
    expect(new Set(after.map((r) => r.key))).toEqual(new Set(['j-99']));
    expect(after.map((r) => r.at % 1000)).toEqual([keptSlot, keptSlot, keptSlot]);
    expect(scheduler.stats().jobs).toBe(1);
  });
});
