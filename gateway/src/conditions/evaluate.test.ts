import type { ConditionResult } from '@aether/contract';
import { describe, expect, it } from 'vitest';
import { evaluateConditions, statusOf, type Expectations, type Observation } from './evaluate.js';

const json = JSON.stringify({
  status: 'ok',
  items: [{ id: 7 }, { id: 8 }],
  nested: { 'a-b': null, flag: true },
});
const seen: Observation = {
  latencyMs: 120,
  httpStatus: 200,
  body: json,
  headers: { 'content-type': 'application/json; charset=utf-8' },
};

type Row = [
  name: string,
  expect: Expectations,
  observation: Observation,
  result: Omit<ConditionResult, 'severity'> & { severity?: 'fail' | 'degrade' },
];

describe('evaluateConditions', () => {
  const rows: Row[] = [
    [
      'status in set',
      { status: [200, 204] },
      seen,
      { condition: 'status', expected: '200 | 204', actual: '200', ok: true },
    ],
    [
      'status not in set',
      { status: [200] },
      { ...seen, httpStatus: 500 },
      { condition: 'status', expected: '200', actual: '500', ok: false },
    ],
    [
      'status without a response',
      { status: [200] },
      { latencyMs: 1 },
      { condition: 'status', expected: '200', actual: 'no response', ok: false },
    ],
    [
      'latency within budget',
      { maxLatencyMs: 500 },
      seen,
      {
        condition: 'maxLatency',
        expected: '<= 500ms',
        actual: '120ms',
        ok: true,
        severity: 'degrade',
      },
    ],
    [
      'latency over budget degrades',
      { maxLatencyMs: 100 },
      seen,
      {
        condition: 'maxLatency',
        expected: '<= 100ms',
        actual: '120ms',
        ok: false,
        severity: 'degrade',
      },
    ],
    [
      'json equals',
      { json: { '$.status': 'ok' } },
      seen,
      { condition: 'json $.status', expected: '"ok"', actual: '"ok"', ok: true },
    ],
    [
      'json differs',
      { json: { '$.status': 'failing' } },
      seen,
      { condition: 'json $.status', expected: '"failing"', actual: '"ok"', ok: false },
    ],
    [
      'json index',
      { json: { '$.items[1].id': 8 } },
      seen,
      { condition: 'json $.items[1].id', expected: '8', actual: '8', ok: true },
    ],
    [
      'json number is not a string',
      { json: { '$.items[0].id': '7' } },
      seen,
      { condition: 'json $.items[0].id', expected: '"7"', actual: '7', ok: false },
    ],
    [
      'json exists',
      { json: { '$.items': '*' } },
      seen,
      { condition: 'json $.items', expected: 'exists', actual: '[{"id":7},{"id":8}]', ok: true },
    ],
    [
      'json missing',
      { json: { '$.items[5]': '*' } },
      seen,
      { condition: 'json $.items[5]', expected: 'exists', actual: 'missing', ok: false },
    ],
    [
      'json bracket key and null',
      { json: { '$.nested["a-b"]': null } },
      seen,
      { condition: 'json $.nested["a-b"]', expected: 'null', actual: 'null', ok: true },
    ],
    [
      'json boolean',
      { json: { '$.nested.flag': true } },
      seen,
      { condition: 'json $.nested.flag', expected: 'true', actual: 'true', ok: true },
    ],
    [
      'json on a non-JSON body',
      { json: { '$.status': 'ok' } },
      { ...seen, body: '<html>' },
      { condition: 'json $.status', expected: '"ok"', actual: 'invalid JSON', ok: false },
    ],
    [
      'body contains',
      { bodyContains: '"ok"' },
      seen,
      { condition: 'bodyContains', expected: '"\\"ok\\""', actual: 'found', ok: true },
    ],
    [
      'body lacks',
      { bodyContains: 'nope' },
      { ...seen, body: 'abc' },
      { condition: 'bodyContains', expected: '"nope"', actual: 'not found in 3 bytes', ok: false },
    ],
    [
      'header regex',
      { headers: { 'Content-Type': '/json/' } },
      seen,
      {
        condition: 'header content-type',
        expected: '/json/',
        actual: 'application/json; charset=utf-8',
        ok: true,
      },
    ],
    [
      'header regex with flags',
      { headers: { 'content-type': '/JSON/i' } },
      seen,
      {
        condition: 'header content-type',
        expected: '/JSON/i',
        actual: 'application/json; charset=utf-8',
        ok: true,
      },
    ],
    [
      'header literal mismatch',
      { headers: { 'content-type': 'application/json' } },
      seen,
      {
        condition: 'header content-type',
        expected: 'application/json',
        actual: 'application/json; charset=utf-8',
        ok: false,
      },
    ],
    [
      'header missing',
      { headers: { 'x-id': '/./' } },
      seen,
      { condition: 'header x-id', expected: '/./', actual: 'missing', ok: false },
    ],
    [
      'certificate valid long enough',
      { certificate: { minDaysValid: 14 } },
      { latencyMs: 1, certificateDaysLeft: 90.5 },
      {
        condition: 'certificate.minDaysValid',
        expected: '>= 14 days',
        actual: '90 days',
        ok: true,
        severity: 'degrade',
      },
    ],
    [
      'certificate near expiry degrades',
      { certificate: { minDaysValid: 14 } },
      { latencyMs: 1, certificateDaysLeft: 3 },
      {
        condition: 'certificate.minDaysValid',
        expected: '>= 14 days',
        actual: '3 days',
        ok: false,
        severity: 'degrade',
      },
    ],
    [
      'expired certificate fails',
      { certificate: { minDaysValid: 14 } },
      { latencyMs: 1, certificateDaysLeft: -2 },
      {
        condition: 'certificate.minDaysValid',
        expected: '>= 14 days',
        actual: '-2 days',
        ok: false,
        severity: 'fail',
      },
    ],
    [
      'chain valid',
      { chainValid: true },
      { latencyMs: 1, chainValid: true },
      { condition: 'certificate.chainValid', expected: 'valid', actual: 'valid', ok: true },
    ],
    [
      'chain invalid',
      { chainValid: true },
      { latencyMs: 1, chainValid: false, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      {
        condition: 'certificate.chainValid',
        expected: 'valid',
        actual: 'invalid: DEPTH_ZERO_SELF_SIGNED_CERT',
        ok: false,
      },
    ],
    [
      'dns values as a set',
      { values: ['10.0.0.2', '10.0.0.1'] },
      { latencyMs: 1, values: ['10.0.0.1', '10.0.0.2'] },
      {
        condition: 'dns values',
        expected: '10.0.0.1, 10.0.0.2',
        actual: '10.0.0.1, 10.0.0.2',
        ok: true,
      },
    ],
    [
      'dns values differ',
      { values: ['127.0.0.1'] },
      { latencyMs: 1, values: ['127.0.0.2'] },
      { condition: 'dns values', expected: '127.0.0.1', actual: '127.0.0.2', ok: false },
    ],
  ];

  it.each(rows)('%s', (_name, expectations, observation, result) => {
    expect(evaluateConditions(expectations, observation).conditions).toEqual([
      { severity: 'fail', ...result },
    ]);
  });

  it('reports a JSON condition on a non-JSON body as an invalid-json error', () => {
    const { errors } = evaluateConditions({ json: { '$.a': '*' } }, { ...seen, body: 'not json' });
    expect(errors.map((e) => e.kind)).toEqual(['invalid-json']);
  });

  it('evaluates nothing when nothing is expected', () => {
    expect(evaluateConditions({}, seen)).toEqual({ conditions: [], errors: [] });
  });
});

describe('statusOf', () => {
  const pass = {
    condition: 'status',
    expected: '200',
    actual: '200',
    ok: true,
    severity: 'fail',
  } as const;
  const failed = { ...pass, actual: '500', ok: false } as const;
  const slow = {
    condition: 'maxLatency',
    expected: '<= 1ms',
    actual: '5ms',
    ok: false,
    severity: 'degrade',
  } as const;
  it.each([
    ['all hold', [pass], [], 'up'],
    ['a degrade condition failed', [pass, slow], [], 'degraded'],
    ['a fail condition failed', [failed, slow], [], 'down'],
    ['an error with every condition holding', [pass], [{ kind: 'timeout', message: 'x' }], 'down'],
  ] as const)('%s → %s', (_name, conditions, errors, status) => {
    expect(statusOf(conditions, errors)).toBe(status);
  });
});
