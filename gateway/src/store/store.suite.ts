/**
 * Over 300 lines on purpose: this is the one conformance suite every ResultStore backend
 * (memory, SQLite, Postgres) must pass, read as a whole when writing a backend.
 */
import { describe, expect, it } from 'vitest';
import {
  CheckResult as CheckResultSchema,
  HistoryPoint,
  Incident as IncidentSchema,
  type CheckResult,
  type Status,
} from '@aether/contract';
import { FakeClock } from '../testing/fake-clock.js';
import type { ResultStoreOptions } from './result-store-base.js';
import type { ResultStore } from './types.js';

/** A fresh, empty store; a networked backend may take a promise's time to open (migrations). */
export type MakeStore = (
  options: ResultStoreOptions & { clock: FakeClock },
) => ResultStore | Promise<ResultStore>;

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

export function result(
  serviceId: string,
  checkId: string,
  ts: number,
  options: { ok?: boolean; status?: Status; ms?: number } = {},
): CheckResult {
  const ok = options.ok ?? true;
  return CheckResultSchema.parse({
    serviceId,
    checkId,
    type: 'http',
    timestamp: new Date(ts).toISOString(),
    success: ok,
    status: options.status ?? (ok ? 'up' : 'down'),
    durationMs: options.ms ?? 10,
    conditions: [],
    errors: ok ? [] : [{ kind: 'refused', message: 'connection refused' }],
    target: 'GET http://127.0.0.1:1/health',
  });
}

/** The incident a refused connection to orders/health opens at `ms`. */
export const refusedIncident = (ms: number): Parameters<ResultStore['openIncident']>[0] => ({
  serviceId: 'orders',
  checkId: 'health',
  status: 'down',
  startedAt: new Date(ms).toISOString(),
  cause: 'refused',
});

/** The behaviour every ResultStore must have; run once per implementation. */
export function resultStoreSuite(name: string, make: MakeStore): void {
  describe(`${name} (shared ResultStore suite)`, () => {
    const setup = async (options: ResultStoreOptions = {}) => {
      const clock = new FakeClock(T0);
      // a long timer interval: tests flush explicitly, and advancing days of fake time stays quick
      const store = await make({ closeGraceMs: 10 * S, flushIntervalMs: H, ...options, clock });
      return { clock, store };
    };

    it('returns raw points with exact quantiles, failures and the worst status per step', async () => {
      const { store } = await setup();
      const latencies = [10, 20, 30, 40, 50, 60];
      latencies.forEach((ms, i) =>
        store.recordResult(result('orders', 'health', T0 + i * 10 * S, { ms })),
      );
      store.recordResult(result('orders', 'health', T0 + 61 * S, { ok: false, ms: 2000 }));
      store.recordResult(
        result('orders', 'health', T0 + 70 * S, { ok: true, status: 'degraded', ms: 900 }),
      );
      const points = await store.history({
        serviceId: 'orders',
        fromMs: T0,
        toMs: T0 + 2 * MIN,
        stepMs: 30 * S,
      });
      for (const p of points) HistoryPoint.parse(p);
      expect(points.map((p) => [p.count, p.failures, p.status])).toEqual([
        [3, 0, 'up'],
        [3, 0, 'up'],
        [2, 1, 'down'],
        [0, 0, 'unknown'],
      ]);
      expect(points[0]).toMatchObject({ p50: 20, p95: 30, p99: 30, successRatio: 1 });
      expect(points[2]).toMatchObject({ p50: 900, p99: 2000, successRatio: 0.5 });
      expect(points[3]).toMatchObject({ successRatio: null, p50: null });
    });

    it('keeps both results of a check recorded in the same millisecond', async () => {
      const { store } = await setup();
      store.recordResult(result('orders', 'health', T0 + 5 * S));
      store.recordResult(result('orders', 'health', T0 + 5 * S, { ok: false }));
      await store.flush();
      const [point] = await store.history({
        serviceId: 'orders',
        fromMs: T0,
        toMs: T0 + 10 * S,
        stepMs: 10 * S,
      });
      expect(point).toMatchObject({ count: 2, failures: 1 });
    });

    it('rolls results up per minute, the same before and after the bucket closes', async () => {
      const { clock, store } = await setup({ batchSize: 3 });
      // minute 0: 6 results 10..60 ms, one failure; minute 1: 2 results; minute 2: none
      for (let i = 0; i < 6; i++)
        store.recordResult(
          result('orders', 'health', T0 + i * 10 * S, { ms: (i + 1) * 10, ok: i !== 5 }),
        );
      store.recordResult(result('orders', 'health', T0 + MIN + 5 * S, { ms: 100 }));
      store.recordResult(
        result('orders', 'health', T0 + MIN + 15 * S, { ms: 300, status: 'degraded' }),
      );
      const query = () =>
        store.history({
          serviceId: 'orders',
          checkId: 'health',
          fromMs: T0,
          toMs: T0 + 3 * MIN,
          stepMs: MIN,
        });
      const open = await query();
      await clock.advance(3 * MIN);
      await store.flush();
      const closed = await query();
      expect(closed).toEqual(open);
      expect(closed.map((p) => [p.count, p.failures, p.status])).toEqual([
        [6, 1, 'down'],
        [2, 0, 'degraded'],
        [0, 0, 'unknown'],
      ]);
      // quantiles of minute 0 are within the sketch's 1 % of 30/60/60 ms
      expect(closed[0]!.p50).toBeCloseTo(30, -0.5);
      expect(Math.abs(closed[0]!.p95! - 60) / 60).toBeLessThan(0.011);
      expect(closed[1]!.p50).toBeCloseTo(100, -0.5);
    });

    it('answers long ranges at hourly steps from hour rollups', async () => {
      const { clock, store } = await setup();
      // one result every 10 minutes for 3 hours; every third hour's results fail
      for (let t = 0; t < 3 * H; t += 10 * MIN)
        store.recordResult(result('orders', 'health', T0 + t, { ok: t < 2 * H, ms: 50 }));
      await clock.advance(4 * H);
      await store.flush();
      const points = await store.history({
        serviceId: 'orders',
        fromMs: T0,
        toMs: T0 + 4 * H,
        stepMs: H,
      });
      expect(points.map((p) => [p.count, p.failures, p.successRatio])).toEqual([
        [6, 0, 1],
        [6, 0, 1],
        [6, 6, 0],
        [0, 0, null],
      ]);
      expect(points[0]!.p99).toBe(50);
    });

    it('merges a result that arrives after its minute closed', async () => {
      const { clock, store } = await setup();
      store.recordResult(result('orders', 'health', T0 + 10 * S, { ms: 10 }));
      await clock.advance(5 * MIN);
      await store.flush();
      store.recordResult(result('orders', 'health', T0 + 20 * S, { ok: false, ms: 20 }));
      await clock.advance(5 * MIN);
      await store.flush();
      const [point] = await store.history({
        serviceId: 'orders',
        fromMs: T0,
        toMs: T0 + MIN,
        stepMs: MIN,
      });
      expect(point).toMatchObject({ count: 2, failures: 1, status: 'down' });
    });

    it('prunes each resolution after its retention, keeping what is coarser', async () => {
      const { clock, store } = await setup({
        retention: { rawMs: 2 * H, minuteMs: 6 * H, hourMs: 3 * D, dayMs: 10 * D },
      });
      for (let t = 0; t < 2 * H; t += MIN)
        store.recordResult(result('orders', 'health', T0 + t, { ms: 5 }));
      await clock.advance(3 * H);
      await store.flush();
      const rawQuery = () =>
        store.history({ serviceId: 'orders', fromMs: T0, toMs: T0 + 2 * H, stepMs: 30 * S });
      const minuteQuery = () =>
        store.history({ serviceId: 'orders', fromMs: T0, toMs: T0 + 2 * H, stepMs: MIN });
      const hourQuery = () =>
        store.history({ serviceId: 'orders', fromMs: T0, toMs: T0 + 2 * H, stepMs: H });
      const total = (points: { count: number }[]) => points.reduce((n, p) => n + p.count, 0);
      expect(await store.prune(clock.now())).toBe(60); // raw older than now - 2h: the first hour
      // after raw retention the range is answered from minute rollups, not lost
      expect(total(await rawQuery())).toBe(120);
      expect(total(await minuteQuery())).toBe(120);
      await clock.advance(5 * H); // now T0+8h: minute rollups older than T0+2h go, all raw goes
      expect(await store.prune(clock.now())).toBe(60 + 120);
      expect(total(await hourQuery())).toBe(120);
      await clock.advance(3 * D);
      expect(await store.prune(clock.now())).toBe(2);
      // past the hour rollups, the day rollup still holds the range
      expect(total(await hourQuery())).toBe(120);
      await clock.advance(10 * D);
      expect(await store.prune(clock.now())).toBe(1);
      expect(total(await hourQuery())).toBe(0);
      expect(await store.prune(clock.now())).toBe(0);
    });

    it('answers 1-day steps from day rollups, the same before and after a day is folded', async () => {
      const { clock, store } = await setup();
      // a result every 10 minutes for 3 days; the second day's results from noon on fail
      for (let t = 0; t < 3 * D; t += 10 * MIN)
        store.recordResult(
          result('orders', 'health', T0 + t, { ok: t < D + 12 * H || t >= 2 * D, ms: 40 }),
        );
      const byDay = async (toMs: number) =>
        (await store.history({ serviceId: 'orders', fromMs: T0, toMs, stepMs: D })).map((p) => [
          p.count,
          p.failures,
          p.status,
        ]);
      await clock.advance(D + 12 * H); // day 2 half over: today comes from hour rollups
      await store.flush();
      const early = await byDay(T0 + 3 * D);
      expect(early.slice(0, 1)).toEqual([[144, 0, 'up']]);
      await clock.advance(3 * D);
      await store.flush();
      expect(await byDay(T0 + 3 * D)).toEqual([
        [144, 0, 'up'],
        [144, 72, 'down'],
        [144, 0, 'up'],
      ]);
      const [first] = await store.history({
        serviceId: 'orders',
        fromMs: T0,
        toMs: T0 + D,
        stepMs: D,
      });
      expect(first).toMatchObject({ p50: 40, p99: 40, successRatio: 1 });
    });

    it('reaches a year back at 1-day steps once hour rollups are gone', async () => {
      const { clock, store } = await setup({ retention: { hourMs: 2 * D } });
      store.recordResult(result('orders', 'health', T0 + H, { ok: false }));
      store.recordResult(result('orders', 'health', T0 + 2 * H));
      await clock.advance(300 * D);
      await store.flush();
      await store.prune(clock.now());
      const points = await store.history({
        serviceId: 'orders',
        fromMs: clock.now() - 365 * D,
        toMs: clock.now(),
        stepMs: D,
      });
      expect(points).toHaveLength(365);
      expect(points.filter((p) => p.count > 0).map((p) => [p.t, p.count, p.failures])).toEqual([
        [new Date(T0).toISOString(), 2, 1],
      ]);
    });

    it('counts uptime per service over 1 h and 7 d windows', async () => {
      const { clock, store } = await setup();
      // orders: a result per minute for 2 days, failing for the last 30 minutes
      for (let t = 0; t < 2 * D; t += MIN)
        store.recordResult(result('orders', 'health', T0 + t, { ok: t < 2 * D - 30 * MIN }));
      store.recordResult(result('billing', 'health', T0 + 2 * D - 5 * MIN, { ok: true }));
      store.recordResult(result('billing', 'tcp', T0 + 2 * D - 5 * MIN, { ok: false }));
      await clock.advance(2 * D);
      await store.flush();
      const now = clock.now();
      const hour = await store.uptimeByService(now - H, now);
      expect(hour.get('orders')).toEqual({ count: 60, failures: 30 });
      expect(hour.get('billing')).toEqual({ count: 2, failures: 1 });
      const week = await store.uptimeByService(now - 7 * D, now);
      expect(week.get('orders')).toEqual({ count: 2 * 24 * 60, failures: 30 });
      expect((await store.uptimeByService(now - H, now)).has('nobody')).toBe(false);
    });

    it('keeps check states, replacing older ones', async () => {
      const { store } = await setup();
      const last = result('orders', 'health', T0);
      const healthUp = () => ({
        serviceId: 'orders',
        checkId: 'health',
        status: 'up' as const,
        since: last.timestamp,
        consecutiveFailures: 0,
        consecutiveSuccesses: 3,
        lastResult: last,
        // what the flap detector replays after a restart (monitor/flap-history.ts)
        statusChanges: [
          { at: new Date(T0 - MIN).toISOString(), from: 'up' as const, to: 'down' as const },
          { at: last.timestamp, from: 'down' as const, to: 'up' as const },
        ],
      });
      const tcpUnknown = () => ({
        serviceId: 'orders',
        checkId: 'tcp',
        status: 'unknown' as const,
        since: null,
        consecutiveFailures: 0,
        consecutiveSuccesses: 0,
        lastResult: null,
      });
      store.saveCheckState({
        serviceId: 'orders',
        checkId: 'health',
        status: 'down',
        since: null,
        consecutiveFailures: 1,
        consecutiveSuccesses: 0,
        lastResult: null,
      });
      store.saveCheckState(healthUp());
      store.saveCheckState(tcpUnknown());
      const states = (await store.loadCheckStates()).sort((a, b) =>
        a.checkId.localeCompare(b.checkId),
      );
      // fresh objects on both sides, so a store that changed the object it was given is caught
      expect(states).toEqual([healthUp(), tcpUnknown()]);
    });

    it('opens, lists and closes incidents with their duration', async () => {
      const { store } = await setup();
      const iso = (ms: number) => new Date(ms).toISOString();
      const first = await store.openIncident({
        serviceId: 'orders',
        checkId: 'health',
        status: 'down',
        startedAt: iso(T0),
        cause: 'status expected 200, got 500',
      });
      const second = await store.openIncident({
        serviceId: 'orders',
        checkId: 'latency',
        status: 'degraded',
        startedAt: iso(T0 + MIN),
        cause: 'maxLatency',
      });
      await store.openIncident({
        serviceId: 'billing',
        checkId: 'health',
        status: 'down',
        startedAt: iso(T0 + 2 * MIN),
        cause: 'refused',
      });
      expect(first).toMatchObject({ endedAt: null, durationMs: null });
      IncidentSchema.parse(first);
      expect((await store.openIncidents()).map((i) => i.id)).toHaveLength(3);

      const closed = await store.closeIncident(first.id, iso(T0 + 90 * S));
      expect(closed).toMatchObject({
        id: first.id,
        endedAt: iso(T0 + 90 * S),
        durationMs: 90 * S,
        cause: 'status expected 200, got 500',
      });
      expect((await store.closeIncident(first.id, iso(T0 + H)))?.endedAt).toBe(iso(T0 + 90 * S)); // closing twice keeps the first end
      expect(await store.closeIncident('no-such-id', iso(T0))).toBeUndefined();

      const listed = await store.listIncidents('orders', 10);
      expect(listed.map((i) => i.id)).toEqual([second.id, first.id]);
      for (const incident of listed) IncidentSchema.parse(incident);
      expect((await store.listIncidents('orders', 1)).map((i) => i.id)).toEqual([second.id]);
      expect((await store.openIncidents()).map((i) => i.serviceId).sort()).toEqual([
        'billing',
        'orders',
      ]);
    });

    it('answers for unknown services and checks with empty points', async () => {
      const { store } = await setup();
      store.recordResult(result('orders', 'health', T0));
      expect(
        (
          await store.history({ serviceId: 'nobody', fromMs: T0, toMs: T0 + MIN, stepMs: 30 * S })
        ).map((p) => p.count),
      ).toEqual([0, 0]);
      expect(
        (
          await store.history({
            serviceId: 'orders',
            checkId: 'nope',
            fromMs: T0,
            toMs: T0 + MIN,
            stepMs: MIN,
          })
        ).map((p) => p.count),
      ).toEqual([0]);
    });

    it('writes on its own timer, and stops writing after close', async () => {
      const { clock, store } = await setup({ flushIntervalMs: 500 });
      store.recordResult(result('orders', 'health', T0));
      expect(clock.pending).toBe(1);
      await clock.advance(500);
      await store.close();
      expect(clock.pending).toBe(0);
      store.recordResult(result('orders', 'health', T0 + S));
      expect(
        (await store.history({ serviceId: 'orders', fromMs: T0, toMs: T0 + MIN, stepMs: MIN }))[0]!
          .count,
      ).toBe(1);
    });
  });
}

/**
 * The restart every persistent ResultStore must survive: 90 minutes of one result a minute (the
 * first hour closed, the rest open), a check state and an open incident, the store closed and
 * opened again (`reopen`) on the same storage. History (hours and minutes), a week's uptime, the
 * states and the incident come back unchanged, and the still-open hour closes after the restart
 * with every result of it, not only the new ones.
 */
export async function expectResumesAfterRestart(
  clock: FakeClock,
  first: ResultStore,
  reopen: () => Promise<ResultStore>,
): Promise<void> {
  for (let i = 0; i < 90; i++)
    first.recordResult(result('orders', 'health', T0 + i * MIN, { ok: i % 10 !== 0, ms: 20 }));
  await clock.advance(75 * MIN);
  first.saveCheckState({
    serviceId: 'orders',
    checkId: 'health',
    status: 'up',
    since: new Date(T0).toISOString(),
    consecutiveFailures: 0,
    consecutiveSuccesses: 9,
    lastResult: null,
    statusChanges: [{ at: new Date(T0).toISOString(), from: 'down', to: 'up' }],
  });
  const incident = await first.openIncident(refusedIncident(T0));
  const hours = (store: ResultStore) =>
    store.history({ serviceId: 'orders', fromMs: T0, toMs: T0 + 2 * H, stepMs: H });
  const snapshot = async (store: ResultStore) => ({
    hours: await hours(store),
    minutes: await store.history({
      serviceId: 'orders',
      fromMs: T0,
      toMs: T0 + 90 * MIN,
      stepMs: MIN,
    }),
    uptime: await store.uptimeByService(clock.now() - 7 * D, clock.now()),
  });
  const before = await snapshot(first);
  await first.close();

  const second = await reopen();
  expect(await snapshot(second)).toEqual(before);
  expect(before.uptime.get('orders')).toEqual({ count: 90, failures: 9 });
  const states = await second.loadCheckStates();
  expect(states).toHaveLength(1);
  // a flapping check's recent changes come back, so its episode resumes (monitor/flap-history.ts)
  expect(states[0]!.statusChanges).toEqual([
    { at: new Date(T0).toISOString(), from: 'down', to: 'up' },
  ]);
  expect((await second.openIncidents()).map((i) => i.id)).toEqual([incident.id]);
  await clock.advance(3 * H);
  await second.flush();
  expect((await hours(second)).map((p) => p.count)).toEqual([60, 30]);
}
