import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '@aether/contract';
import { makeResult } from '@aether/contract/fixtures';
import { EventBus } from '../events/bus.js';
import { Refused } from '../domain/refusal.js';
import { openDatabase } from '../store/database.js';
import { MemoryResultStore } from '../store/memory-store.js';
import { SqliteDeployStore } from '../store/sqlite-deploy-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import { BEFORE_WINDOW_MS, Deploys } from './deploys.js';
import { FailureMemory } from './failure-memory.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;

/** The deploys part over real stores, a fake clock and a fleet of orders/{health,db}. */
function setup() {
  const clock = new FakeClock(T0 - 20 * MIN);
  const results = new MemoryResultStore({ clock });
  const failures = new FailureMemory();
  const events = new EventBus();
  const published: unknown[] = [];
  events.subscribe((e) => published.push(e));
  const deploys = new Deploys({
    store: new SqliteDeployStore(openDatabase(':memory:')),
    results,
    failures,
    clock,
    events,
    checksOf: (id) => (id === 'orders' ? ['health', 'db'] : undefined),
  });
  /** A result of orders/health at the clock's now, as the monitor would record and publish it. */
  const probe = (ok: boolean, latencyMs: number, checkId = 'health') => {
    const result: CheckResult = makeResult('orders', checkId, ok, {
      serviceId: 'orders',
      checkId,
      timestamp: new Date(clock.now()).toISOString(),
      durationMs: latencyMs,
      success: ok,
      status: ok ? 'up' : 'down',
      conditions: [
        { condition: 'status', expected: '200', actual: ok ? '200' : '503', ok, severity: 'fail' },
      ],
      errors: [],
    });
    results.recordResult(result);
    failures.record(result);
  };
  return { clock, results, deploys, probe, published };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('Deploys (fake clock)', () => {
  it('compares the 15 minutes before the start with the finish until now, leaving out the rollout', async () => {
    const { clock, results, deploys, probe, published } = setup();
    cleanup = () => results.close();
    // 20 min before: one slow failure that falls outside the before window
    probe(false, 900);
    for (let i = 0; i < 15; i++) {
      await clock.advance(MIN);
      probe(true, 20);
    }
    await clock.advance(5 * MIN); // now T0
    const deploy = await deploys.start({ services: ['orders'], version: '2.0.0' }, 'ci');
    expect(deploy.startedAt).toBe(new Date(T0).toISOString());
    // during the rollout: failures that the after window must not count once it is finished
    await clock.advance(MIN);
    probe(false, 500);
    await clock.advance(MIN);
    const finished = await deploys.finish(deploy.id, 'succeeded', 'ci');
    for (let i = 0; i < 3; i++) {
      await clock.advance(MIN);
      probe(true, 80);
    }
    const comparison = await deploys.compare(deploy.id);
    expect(comparison.deploy).toEqual(finished);
    const health = comparison.checks.find((c) => c.checkId === 'health')!;
    expect(health.before).toEqual({
      from: new Date(T0 - BEFORE_WINDOW_MS).toISOString(),
      to: new Date(T0).toISOString(),
      total: 11, // the results at T0-15m … T0-5m; the failure at T0-20m is older
      good: 11,
      p50: 20,
      p95: 20,
      failing: [],
    });
    expect(health.after).toMatchObject({
      from: finished.finishedAt,
      to: new Date(clock.now()).toISOString(),
      total: 3,
      good: 3,
      p95: 80,
      failing: [],
    });
    expect(health).toMatchObject({ verdict: 'worse', reasons: ['p95 20 ms → 80 ms'] });
    // db had no results at all: not comparable, and says so
    expect(comparison.checks.find((c) => c.checkId === 'db')).toMatchObject({
      verdict: 'same',
      comparable: false,
    });
    expect(comparison.verdict).toBe('worse');
    expect(published.map((e) => (e as { type: string }).type)).toEqual(['deploy', 'deploy']);
  });

  it('while running, the after window starts at the start and sees the failures since', async () => {
    const { clock, results, deploys, probe } = setup();
    cleanup = () => results.close();
    for (let i = 0; i < 5; i++) {
      await clock.advance(MIN);
      probe(true, 20);
    }
    await clock.advance(MIN / 2);
    const deploy = await deploys.start({ services: ['orders'], version: '2.0.0' }, 'ci');
    await clock.advance(MIN);
    probe(false, 20);
    const health = (await deploys.compare(deploy.id)).checks.find((c) => c.checkId === 'health')!;
    expect(health.after).toMatchObject({ from: deploy.startedAt, total: 1, good: 0 });
    expect(health.after.failing).toEqual(['status']);
    expect(health.reasons).toEqual(['success 100% → 0%', 'status started failing']);
  });

  it.each([
    {
      name: 'unknown service',
      act: (d: Deploys) => d.start({ services: ['x'], version: '1' }, 'ci'),
      reason: 'invalid',
    },
    {
      name: 'unknown deploy',
      act: (d: Deploys) => d.finish('dep-x', 'failed', 'ci'),
      reason: 'not-found',
    },
    {
      name: 'comparison of an unknown deploy',
      act: (d: Deploys) => d.compare('dep-x'),
      reason: 'not-found',
    },
  ])('refuses $name as $reason', async ({ act, reason }) => {
    const { deploys, results } = setup();
    cleanup = () => results.close();
    const refused = await act(deploys).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refused);
    expect((refused as Refused).refusal.reason).toBe(reason);
  });
});
