import { describe, expect, it } from 'vitest';
import type { CheckResult, Status } from '@aether/contract';
import { makeResult, makeService } from '@aether/contract/fixtures';
import { failureCauseOf } from './failure-cause';

const service = (status: Status, checks: [string, Status][]) =>
  makeService(0, {
    status,
    checks: checks.map(([id, s]) => ({ id, type: 'http' as const, status: s, since: null })),
  });

const failed = (checkId: string, over: Partial<CheckResult>) =>
  makeResult('svc-00000', checkId, false, over);

describe('failureCauseOf', () => {
  it.each<[string, ReturnType<typeof service>, Record<string, CheckResult>, unknown]>([
    ['an up service has none', service('up', [['health', 'up']]), {}, null],
    [
      'the first down check, its first failing condition and its own latency',
      service('down', [
        ['health', 'up'],
        ['api', 'down'],
      ]),
      {
        health: makeResult('svc-00000', 'health', true, { durationMs: 3 }),
        api: failed('api', {
          durationMs: 41,
          conditions: [
            {
              condition: 'maxLatency',
              expected: '< 500ms',
              actual: '41ms',
              ok: true,
              severity: 'degrade',
            },
            { condition: 'status', expected: '200', actual: '503', ok: false, severity: 'fail' },
            {
              condition: 'json $.status',
              expected: 'ok',
              actual: 'down',
              ok: false,
              severity: 'fail',
            },
          ],
        }),
      },
      { checkId: 'api', reason: 'status: expected 200, got 503', latencyMs: 41 },
    ],
    [
      'the probe error when no condition ran',
      service('down', [['db', 'down']]),
      {
        db: failed('db', {
          durationMs: 2000,
          conditions: [],
          errors: [{ kind: 'timeout', message: 'no answer in 2 s' }],
        }),
      },
      { checkId: 'db', reason: 'timeout: no answer in 2 s', latencyMs: 2000 },
    ],
    [
      'a degraded service: its degraded check and the condition that only degrades',
      service('degraded', [['health', 'degraded']]),
      {
        health: failed('health', {
          success: true,
          status: 'degraded',
          durationMs: 812,
          conditions: [
            {
              condition: 'maxLatency',
              expected: '< 500ms',
              actual: '812ms',
              ok: false,
              severity: 'degrade',
            },
          ],
        }),
      },
      { checkId: 'health', reason: 'maxLatency: expected < 500ms, got 812ms', latencyMs: 812 },
    ],
    [
      'the check alone while no result of it is known',
      service('down', [['health', 'down']]),
      {},
      { checkId: 'health', reason: null, latencyMs: null },
    ],
  ])('%s', (_, svc, results, expected) => {
    expect(failureCauseOf(svc, (id) => results[id])).toEqual(expected);
  });
});
