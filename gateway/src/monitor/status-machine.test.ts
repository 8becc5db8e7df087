import { describe, expect, it } from 'vitest';
import type { CheckResult, ConditionResult } from '@aether/contract';
import { applyResult, describeCause, initialCheckState, worstStatus } from './status-machine.js';

type Kind = 'ok' | 'fail' | 'slow';

const conditionResult = (
  condition: string,
  expected: string,
  [actual, ok]: [string, boolean],
  severity: ConditionResult['severity'],
): ConditionResult => ({ condition, expected, actual, ok, severity });

function result(kind: Kind, i: number): CheckResult {
  const slow = kind === 'slow';
  const latency = conditionResult(
    'maxLatency',
    '≤ 500ms',
    slow ? ['900ms', false] : ['20ms', true],
    'degrade',
  );
  const failed = kind === 'fail';
  const status = conditionResult('status', '200', failed ? ['500', false] : ['200', true], 'fail');
  return {
    serviceId: 'orders',
    checkId: 'health',
    type: 'http',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i * 10)).toISOString(),
    success: kind !== 'fail',
    status: kind === 'fail' ? 'down' : kind === 'slow' ? 'degraded' : 'up',
    durationMs: kind === 'slow' ? 900 : 20,
    conditions: [status, latency],
    errors: [],
    target: 'GET http://127.0.0.1:9101/health',
  };
}

/** Statuses after each result of a sequence. */
function run(sequence: Kind[], failAfter: number, recoverAfter: number): string[] {
  let state = initialCheckState('orders', 'health');
  return sequence.map((kind, i) => {
    state = applyResult(state, result(kind, i), { failAfter, recoverAfter }).state;
    return state.status;
  });
}

describe('applyResult', () => {
  it.each([
    ['first success', ['ok'], 1, 1, ['up']],
    ['first failure with failAfter 1', ['fail'], 1, 1, ['down']],
    ['failures below failAfter keep unknown', ['fail', 'fail'], 3, 1, ['unknown', 'unknown']],
    ['failAfter 2 from up', ['ok', 'fail', 'fail'], 2, 1, ['up', 'up', 'down']],
    [
      'a success in between resets the count',
      ['ok', 'fail', 'ok', 'fail', 'fail'],
      2,
      1,
      ['up', 'up', 'up', 'up', 'down'],
    ],
    ['recoverAfter 2', ['fail', 'ok', 'ok', 'ok'], 1, 2, ['down', 'down', 'up', 'up']],
    [
      'a failure while recovering restarts recovery',
      ['fail', 'ok', 'fail', 'ok', 'ok'],
      1,
      2,
      ['down', 'down', 'down', 'down', 'up'],
    ],
    ['slow success degrades at once', ['ok', 'slow', 'ok'], 2, 2, ['up', 'degraded', 'up']],
    ['recovering into degraded', ['fail', 'slow', 'slow'], 1, 2, ['down', 'down', 'degraded']],
    ['degraded then down', ['slow', 'fail', 'fail'], 2, 1, ['degraded', 'degraded', 'down']],
  ] as [string, Kind[], number, number, string[]][])(
    '%s',
    (_name, sequence, failAfter, recoverAfter, expected) => {
      expect(run(sequence, failAfter, recoverAfter)).toEqual(expected);
    },
  );

  it('reports a transition with the tipping result time, and moves since only then', () => {
    const s0 = initialCheckState('orders', 'health');
    const a = applyResult(s0, result('ok', 0), { failAfter: 2, recoverAfter: 1 });
    expect(a.transition).toEqual({ from: 'unknown', to: 'up', at: result('ok', 0).timestamp });
    const b = applyResult(a.state, result('fail', 1), { failAfter: 2, recoverAfter: 1 });
    expect(b.transition).toBeNull();
    expect(b.state).toMatchObject({
      status: 'up',
      since: a.state.since,
      consecutiveFailures: 1,
      consecutiveSuccesses: 0,
    });
    const c = applyResult(b.state, result('fail', 2), { failAfter: 2, recoverAfter: 1 });
    expect(c.transition).toEqual({ from: 'up', to: 'down', at: result('fail', 2).timestamp });
    expect(c.state).toMatchObject({
      since: result('fail', 2).timestamp,
      consecutiveFailures: 2,
      lastResult: result('fail', 2),
    });
  });
});

describe('applyResult: when a success is degraded', () => {
  const condition = (ok: boolean, severity: 'fail' | 'degrade'): ConditionResult => ({
    condition: severity === 'degrade' ? 'maxLatency' : 'status',
    expected: 'x',
    actual: ok ? 'x' : 'y',
    ok,
    severity,
  });
  // each row kills one mutation of the degradedBy condition (either half, or a part of the second)
  it.each([
    [
      'the probe says degraded though every condition holds',
      'degraded',
      [condition(true, 'degrade')],
      'degraded',
    ],
    [
      'a failed degrade condition though the probe says up',
      'up',
      [condition(false, 'degrade')],
      'degraded',
    ],
    ['a degrade condition that holds', 'up', [condition(true, 'degrade')], 'up'],
    [
      'only degrade conditions count, not a failed fail condition',
      'up',
      [condition(false, 'fail')],
      'up',
    ],
    ['no conditions, status up', 'up', [], 'up'],
  ] as const)('%s → %s', (_what, status, conditions, expected) => {
    const success: CheckResult = { ...result('ok', 0), status, conditions: [...conditions] };
    const { state } = applyResult(initialCheckState('orders', 'health'), success, {
      failAfter: 1,
      recoverAfter: 1,
    });
    expect(state.status).toBe(expected);
  });
});

describe('worstStatus', () => {
  it.each([
    [[], 'unknown'],
    [['up', 'up'], 'up'],
    [['up', 'unknown'], 'unknown'],
    [['up', 'degraded', 'unknown'], 'degraded'],
    [['degraded', 'down', 'up'], 'down'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(worstStatus(statuses)).toBe(expected);
  });
});

describe('describeCause', () => {
  it.each([
    ['a failed condition', result('fail', 0), 'down', 1, 'status: expected 200, got 500'],
    [
      'with the failure count',
      result('fail', 0),
      'down',
      3,
      '3 failures in a row: status: expected 200, got 500',
    ],
    [
      'a degrade condition',
      result('slow', 0),
      'degraded',
      0,
      'maxLatency: expected ≤ 500ms, got 900ms',
    ],
    [
      'an error',
      {
        ...result('fail', 0),
        conditions: [],
        errors: [{ kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:9' }],
      },
      'down',
      1,
      'refused: connect ECONNREFUSED 127.0.0.1:9',
    ],
  ] as const)('%s', (_name, r, to, failures, expected) => {
    expect(describeCause(r as CheckResult, to, failures)).toBe(expected);
  });
});
