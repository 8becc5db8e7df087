import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@aether/contract';
import type { CheckConfig, ServiceConfig } from '../config/schema.js';
import type { CheckRuntime } from './runtime.js';
import { shareWithKnown } from './result-intake.js';
import { initialCheckState } from './status-machine.js';

const target = 'GET http://127.0.0.1:9101/health';
function runtime(): CheckRuntime {
  return {
    key: 'orders/health',
    service: { id: 'orders' } as ServiceConfig,
    check: { id: 'health', type: 'http' } as CheckConfig,
    target,
    state: initialCheckState('orders', 'health'),
    incident: null,
  };
}
/** A result as a relay hands it over: parsed from JSON, every string and array a copy. */
const relayed = (overrides: Partial<CheckResult> = {}): CheckResult =>
  JSON.parse(
    JSON.stringify({
      serviceId: 'orders',
      checkId: 'health',
      type: 'http',
      timestamp: '2026-12-07T02:00:00.000Z',
      success: false,
      status: 'down',
      durationMs: 12,
      conditions: [
        { condition: 'status', expected: '200', actual: '503', ok: false, severity: 'fail' },
      ],
      errors: [],
      target,
      ...overrides,
    }),
  ) as CheckResult;

describe('shareWithKnown', () => {
  it('keeps the previous result’s conditions and errors when the new ones are equal, and what the result says', () => {
    const c = runtime();
    const first = relayed();
    shareWithKnown(c, first);
    c.state = { ...c.state, lastResult: first };
    const second = relayed({ timestamp: '2026-12-07T02:00:30.000Z' });
    shareWithKnown(c, second);
    expect(second.conditions).toBe(first.conditions);
    expect(second.errors).toBe(first.errors);
    expect(second).toEqual(relayed({ timestamp: '2026-12-07T02:00:30.000Z' }));
  });

  it('keeps the new arrays when they differ from the previous result’s', () => {
    const c = runtime();
    const first = relayed();
    c.state = { ...c.state, lastResult: first };
    const recovered = relayed({
      success: true,
      status: 'up',
      conditions: [
        { condition: 'status', expected: '200', actual: '200', ok: true, severity: 'fail' },
      ],
      errors: [{ kind: 'timeout', message: 'no answer within 2000 ms' }],
    });
    const conditions = recovered.conditions;
    const errors = recovered.errors;
    shareWithKnown(c, recovered);
    expect(recovered.conditions).toBe(conditions);
    expect(recovered.errors).toBe(errors);
    expect(recovered.conditions[0]!.actual).toBe('200');
  });

  it('gives every check’s empty errors and conditions one shared, frozen list', () => {
    const a = runtime();
    const b = { ...runtime(), key: 'billing/health', service: { id: 'billing' } as ServiceConfig };
    const first = relayed();
    const other = relayed({ serviceId: 'billing', conditions: [] });
    shareWithKnown(a, first);
    shareWithKnown(b, other);
    expect(first.errors).toBe(other.errors);
    expect(other.conditions).toEqual([]);
    expect(Object.isFrozen(other.conditions) && Object.isFrozen(other.errors)).toBe(true);
    expect(first.conditions).toHaveLength(1);
  });
});
