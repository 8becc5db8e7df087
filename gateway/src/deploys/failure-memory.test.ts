import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@aether/contract';
import { makeResult } from '@aether/contract/fixtures';
import { FAILURE_MEMORY_MS, FailureMemory, failingOf } from './failure-memory.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;

/** A result of orders/health at T0 + s seconds failing the named conditions (and errors). */
function result(
  s: number,
  failing: string[] = [],
  errors: CheckResult['errors'] = [],
): CheckResult {
  const base = makeResult('orders', 'health', true);
  return {
    ...base,
    serviceId: 'orders',
    checkId: 'health',
    timestamp: new Date(T0 + s * S).toISOString(),
    success: failing.length === 0 && errors.length === 0,
    conditions: [
      { condition: 'status', expected: '200', actual: '200', ok: true, severity: 'fail' },
      ...failing.map((condition) => ({
        condition,
        expected: 'ok',
        actual: 'bad',
        ok: false,
        severity: 'fail' as const,
      })),
    ],
    errors,
  };
}

describe('failingOf', () => {
  it('names failed conditions and probe errors, not passing conditions', () => {
    expect(
      failingOf(result(0, ['json $.status'], [{ kind: 'timeout', message: 'after 2s' }])),
    ).toEqual(['json $.status', 'error timeout']);
    expect(failingOf(result(0))).toEqual([]);
  });
});

describe('FailureMemory', () => {
  // results every 10 s: json fails from 20 s to 40 s, then again at 100 s; a timeout at 60 s
  const memory = new FailureMemory();
  memory.record(result(0));
  memory.record(result(10));
  memory.record(result(20, ['json $.status']));
  memory.record(result(30, ['json $.status']));
  memory.record(result(40, ['json $.status']));
  memory.record(result(50));
  memory.record(result(60, [], [{ kind: 'timeout', message: 'x' }]));
  memory.record(result(70));
  memory.record(result(100, ['json $.status']));

  it.each([
    { from: 0, to: 20, failing: [] },
    { from: 0, to: 21, failing: ['json $.status'] },
    { from: 41, to: 60, failing: [] },
    { from: 35, to: 36, failing: ['json $.status'] }, // inside a run, between two results
    { from: 41, to: 61, failing: ['error timeout'] },
    { from: 50, to: 200, failing: ['json $.status', 'error timeout'] },
    { from: 101, to: 200, failing: [] },
  ])('in [$from s, $to s): $failing', ({ from, to, failing }) => {
    expect(memory.failingIn('orders', 'health', T0 + from * S, T0 + to * S).sort()).toEqual(
      [...failing].sort(),
    );
    expect(memory.failingIn('orders', 'other', T0 + from * S, T0 + to * S)).toEqual([]);
  });

  it('forgets runs older than its memory', () => {
    const old = new FailureMemory();
    old.record(result(0, ['status']));
    old.record(result(FAILURE_MEMORY_MS / S + 20));
    expect(old.failingIn('orders', 'health', T0 - S, T0 + S)).toEqual([]);
  });
});
