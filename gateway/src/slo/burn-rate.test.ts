import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { burnRate, errorBudget, evaluateBurnRateAlerts, scaledFactor } from './burn-rate.js';
import { SloTracker } from './slo-tracker.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/**
 * A service probed 6 times a minute (every 10 s) under a 99.9 % / 30 d objective: its budget
 * is 0.1 % of 259,200 results = 259.2 bad ones.
 */
async function fleet(objective = 99.9, windowMs = 30 * DAY) {
  const clock = new FakeClock(T0);
  const tracker = new SloTracker(clock, [
    { serviceId: 'orders', objective, windowMs, degradedIsBad: false },
  ]);
  /** `minutes` of traffic, `bad(minute)` of each minute's 6 results down. */
  const run = async (minutes: number, bad: (minute: number) => number = () => 0) => {
    for (let m = 0; m < minutes; m++) {
      const b = bad(m);
      for (let i = 0; i < 6; i++)
        tracker.record('orders', clock.now() + i * 10_000, i < b ? 'down' : 'up');
      await clock.advance(60_000);
    }
  };
  const severities = () =>
    tracker.report('orders')!.alerts.map((a) => `${a.severity} ${a.windows}`);
  return { clock, tracker, run, severities };
}

describe('multiwindow burn-rate alerts (SRE workbook, 99.9 % over 30 d)', () => {
  it('a 2 % budget burn within one hour pages', async () => {
    const { run, severities, tracker } = await fleet();
    await run(3 * 24 * 60); // three quiet days
    // 6 bad results in the last hour, one every 10 minutes: 6 / 259.2 = 2.3 % of the budget
    await run(60, (m) => (m % 10 === 9 ? 1 : 0));
    expect(tracker.report('orders')!.burnRates['1h']).toBeCloseTo(6 / 360 / 0.001, 5);
    expect(severities()).toContain('page 1h/5m');
  });

  it('1.5 % of the budget in the hour is under 14.4 and does not page', async () => {
    const { run, severities } = await fleet();
    await run(3 * 24 * 60);
    await run(60, (m) => (m % 15 === 14 ? 1 : 0)); // 4 bad: burn 11.1
    expect(severities().filter((s) => s.startsWith('page'))).toEqual([]);
  });

  it('the page resolves once the short window is clean, though the hour still burns', async () => {
    const { run, severities } = await fleet();
    await run(3 * 24 * 60);
    await run(60, (m) => (m >= 50 ? 1 : 0)); // 10 bad in the last 10 minutes
    expect(severities()).toContain('page 1h/5m');
    await run(6); // 5 clean minutes: the 5m window is clean, the 1h one still at 27.8
    expect(severities()).not.toContain('page 1h/5m');
  });

  it('a slow steady burn tickets and does not page', async () => {
    const { run, severities, tracker } = await fleet();
    // one bad result in every 50 minutes for 3 days: a bad ratio of 1/300, burn 3.33
    await run(3 * 24 * 60, (m) => (m % 50 === 49 ? 1 : 0));
    const rates = tracker.report('orders')!.burnRates;
    expect(rates['3d']).toBeGreaterThan(3);
    expect(severities().some((s) => s.startsWith('ticket'))).toBe(true);
    expect(severities().filter((s) => s.startsWith('page'))).toEqual([]);
  });

  it('a clean service fires nothing and keeps its whole budget', async () => {
    const { run, severities, tracker } = await fleet();
    await run(24 * 60);
    expect(severities()).toEqual([]);
    expect(tracker.report('orders')).toMatchObject({
      sli: 1,
      good: 8640,
      total: 8640,
      errorBudget: { usedBad: 0, remainingRatio: 1 },
    });
  });
});

describe('SloTracker counting', () => {
  it.each([
    { status: 'degraded' as const, degradedIsBad: false, good: 1, total: 1 },
    { status: 'degraded' as const, degradedIsBad: true, good: 0, total: 1 },
    { status: 'down' as const, degradedIsBad: false, good: 0, total: 1 },
    { status: 'unknown' as const, degradedIsBad: false, good: 0, total: 0 },
  ])('$status with degradedIsBad $degradedIsBad → $good/$total', (c) => {
    const clock = new FakeClock(T0);
    const tracker = new SloTracker(clock, [
      { serviceId: 's', objective: 99, windowMs: DAY, degradedIsBad: c.degradedIsBad },
    ]);
    tracker.record('s', T0 - 1000, c.status);
    expect(tracker.report('s')).toMatchObject({ good: c.good, total: c.total });
  });

  it('answers reports() from what refresh() built, so a request never rebuilds a read cache', async () => {
    const clock = new FakeClock(T0);
    const tracker = new SloTracker(clock, [
      { serviceId: 's', objective: 99, windowMs: DAY, degradedIsBad: false },
    ]);
    tracker.refresh(); // nobody read yet: nothing to rebuild
    tracker.record('s', T0 - 1000, 'up');
    const first = tracker.reports();
    expect(first[0]).toMatchObject({ total: 1 });
    tracker.record('s', T0 - 500, 'down');
    expect(tracker.reports()).toBe(first);
    tracker.refresh();
    expect(tracker.reports()[0]).toMatchObject({ good: 1, total: 2 });
    tracker.record('s', T0 - 200, 'up');
    await tracker.refreshInSlices(1);
    expect(tracker.reports()[0]).toMatchObject({ good: 2, total: 3 });
  });

  it('builds current() once for every caller meanwhile; a reload during a build keeps it out of the cache', async () => {
    const clock = new FakeClock(T0);
    const target = (serviceId: string) => ({
      serviceId,
      objective: 99,
      windowMs: DAY,
      degradedIsBad: false,
    });
    const tracker = new SloTracker(clock, [target('a'), target('b')]);
    tracker.record('a', T0 - 1000, 'up');
    const first = tracker.current(1);
    expect(tracker.current(1)).toBe(first);
    // the first slice is built; the reload comes before the second
    tracker.reconfigure([target('b')]);
    expect((await first).map((r) => r.serviceId)).toEqual(['a', 'b']);
    const after = await tracker.current(1);
    expect(after.map((r) => r.serviceId)).toEqual(['b']);
    expect(await tracker.current(1)).toBe(after);
  });

  it('leaves maintenance out', () => {
    const clock = new FakeClock(T0);
    const inWindow = (id: string, ts: number) => ts >= T0 - 3_600_000 && ts < T0 - 1_800_000;
    const tracker = new SloTracker(
      clock,
      [{ serviceId: 's', objective: 99, windowMs: DAY, degradedIsBad: false }],
      inWindow,
    );
    tracker.record('s', T0 - 2_000_000, 'down'); // in the window
    tracker.record('s', T0 - 60_000, 'up');
    expect(tracker.report('s')).toMatchObject({ good: 1, total: 1, sli: 1 });
  });

  it('counts only the SLO window', async () => {
    const clock = new FakeClock(T0);
    const tracker = new SloTracker(clock, [
      { serviceId: 's', objective: 99, windowMs: 7 * DAY, degradedIsBad: false },
    ]);
    tracker.record('s', T0, 'down');
    await clock.advance(6 * DAY);
    tracker.record('s', clock.now(), 'up');
    expect(tracker.report('s')).toMatchObject({ good: 1, total: 2 });
    await clock.advance(2 * DAY);
    expect(tracker.report('s')).toMatchObject({ good: 1, total: 1 });
  });
});

describe('budget arithmetic', () => {
  it.each([
    { objective: 99.9, good: 999, total: 1000, remaining: 0 },
    { objective: 99, good: 995, total: 1000, remaining: 0.5 },
    { objective: 99, good: 980, total: 1000, remaining: -1 }, // overspent: negative
    { objective: 99, good: 0, total: 0, remaining: 1 },
  ])('$objective %, $good/$total → $remaining', ({ objective, good, total, remaining }) => {
    expect(errorBudget(objective, { good, total }).remainingRatio).toBeCloseTo(remaining, 9);
  });

  it('burn rate 1 spends the budget exactly', () => {
    expect(burnRate(99, { good: 99, total: 100 })).toBeCloseTo(1, 9);
    expect(burnRate(99, { good: 0, total: 0 })).toBeNull();
  });

  it.each([
    { f30: 14.4, window: 30 * DAY, long: 3_600_000, factor: 14.4 },
    { f30: 14.4, window: 7 * DAY, long: 3_600_000, factor: 14.4 * (7 / 30) },
    { f30: 14.4, window: 90 * DAY, long: 3_600_000, factor: 43.2 },
    { f30: 1, window: 7 * DAY, long: 3 * DAY, factor: 1 }, // 0.23 raised to 1
    { f30: 1, window: DAY, long: 3 * DAY, factor: null }, // longer than the SLO window
  ])('factor $f30 for window $window, long $long → $factor', ({ f30, window, long, factor }) => {
    const got = scaledFactor(f30, long, window);
    if (factor === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(factor, 9);
  });

  it('needs both windows over the factor', () => {
    const rates = { '5m': 20, '30m': 0, '1h': 10, '2h': 0, '6h': 0, '1d': 0, '3d': 0 };
    expect(evaluateBurnRateAlerts(30 * DAY, rates)).toEqual([]);
    expect(evaluateBurnRateAlerts(30 * DAY, { ...rates, '1h': 15 })).toMatchObject([
      { severity: 'page', windows: '1h/5m' },
    ]);
  });
});
