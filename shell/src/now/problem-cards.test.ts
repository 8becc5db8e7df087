import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import { causeKey, groupProblems } from './problem-cards';
import type { FailureCause } from './failure-cause';

const service = (
  id: string,
  status: ServiceSummary['status'],
  extra: Partial<ServiceSummary> = {},
): ServiceSummary =>
  makeService(0, {
    id,
    name: id,
    status,
    checks: [{ id: 'dns', type: 'dns', status, since: null }],
    ...extra,
  });

const dnsValues: FailureCause = { condition: 'values', location: '127.0.0.1:5353' };

describe('groupProblems', () => {
  it('leaves up and unknown services out', () => {
    expect(groupProblems([service('a', 'up'), service('b', 'unknown')], new Map())).toEqual([]);
  });

  it('puts services failing the same condition at the same place on one card', () => {
    const causes = new Map([
      [causeKey('a', 'dns'), dnsValues],
      [causeKey('b', 'dns'), dnsValues],
      [causeKey('c', 'dns'), dnsValues],
      [causeKey('d', 'dns'), { condition: 'values', location: '127.0.0.1:5354' }],
    ]);
    const cards = groupProblems(
      ['c', 'a', 'b', 'd'].map((id) => service(id, 'down')),
      causes,
    );
    expect(cards.map((c) => [c.kind, c.services.map((s) => s.id)])).toEqual([
      ['shared-cause', ['c', 'a', 'b']],
      ['shared-cause', ['d']],
    ]);
  });

  it('groups by root cause first, the root heading its card', () => {
    const rootCause = { serviceId: 'db', checkId: 'tcp' };
    const cards = groupProblems(
      [
        service('orders', 'down', { rootCause }),
        service('cart', 'down', { rootCause }),
        service('db', 'down'),
      ],
      new Map([[causeKey('orders', 'dns'), dnsValues]]),
      (id) => (id === 'db' ? 'Database' : undefined),
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ kind: 'root-cause', root: { serviceId: 'db', name: 'db' } });
    expect(cards[0]!.services.map((s) => s.id)).toEqual(['db', 'cart', 'orders']);
  });

  it('keeps a service whose cause is unknown on its own card, down before degraded', () => {
    const cards = groupProblems(
      [service('slow', 'degraded'), service('x', 'down'), service('y', 'down')],
      new Map(),
    );
    expect(cards.map((c) => [c.kind, c.status, c.services[0]!.id])).toEqual([
      ['service', 'down', 'x'],
      ['service', 'down', 'y'],
      ['service', 'degraded', 'slow'],
    ]);
  });

  it('marks a card down when any of its services is down', () => {
    const causes = new Map([
      [causeKey('a', 'dns'), dnsValues],
      [causeKey('b', 'dns'), dnsValues],
    ]);
    const [card] = groupProblems([service('a', 'degraded'), service('b', 'down')], causes);
    expect(card!.status).toBe('down');
  });
});
