import { describe, expect, it } from 'vitest';
import { BurnRateObservations } from './burn-rate-observations.js';
import type { SloReport } from './slo-tracker.js';

const service = {
  id: 'orders',
  name: 'Orders',
  group: 'commerce',
  tags: [],
  firstCheck: { id: 'health', type: 'http' as const },
};
const report = (alerts: SloReport['alerts']): SloReport => ({
  serviceId: 'orders',
  objective: 99.9,
  windowMs: 30 * 86_400_000,
  sli: 0.99,
  good: 99,
  total: 100,
  errorBudget: { allowedBad: 0.1, usedBad: 1, remainingRatio: -9 },
  burnRates: { '5m': 20, '30m': 0, '1h': 16, '2h': 0, '6h': 0, '1d': 0, '3d': 0 },
  alerts,
});
const page = {
  severity: 'page' as const,
  windows: '1h/5m' as const,
  factor: 14.4,
  burnRates: { long: 16, short: 20 },
};

describe('BurnRateObservations', () => {
  it('fires once per severity while the rule holds, resolves when it stops', () => {
    const feed = new BurnRateObservations();
    const lookup = () => service;
    const first = feed.evaluate([report([page])], lookup, 0);
    expect(first).toMatchObject([
      {
        status: 'down',
        severity: 'page',
        service: { id: 'orders' },
        check: { id: 'health' },
        cause:
          'error budget burning 16.0× over 1h and 20.0× over 5m (page at 14.4×; objective 99.9 %)',
      },
    ]);
    expect(first[0]!.service).not.toHaveProperty('firstCheck');
    expect(feed.evaluate([report([page])], lookup, 60_000)).toEqual([]);
    expect(feed.evaluate([report([])], lookup, 120_000)).toMatchObject([
      { status: 'up', severity: 'page' },
    ]);
    expect(feed.evaluate([report([])], lookup, 180_000)).toEqual([]);
  });

  it('looks a service up only when one of its severities starts or stops firing', () => {
    const feed = new BurnRateObservations();
    const looked: string[] = [];
    const lookup = (id: string) => (looked.push(id), service);
    const ticket = { ...page, severity: 'ticket' as const, windows: '6h/30m' as const, factor: 1 };
    const quiet = { ...report([]), serviceId: 'billing' };
    const statuses = (alerts: SloReport['alerts'], at: number) =>
      feed.evaluate([quiet, report(alerts)], lookup, at).map((o) => `${o.severity} ${o.status}`);

    expect(statuses([page, ticket], 0)).toEqual(['page down', 'ticket down']);
    expect(statuses([page, ticket], 1)).toEqual([]);
    expect(statuses([ticket], 2)).toEqual(['page up']);
    expect(statuses([], 3)).toEqual(['ticket up']);
    expect(statuses([], 4)).toEqual([]);
    expect(looked).toEqual(['orders', 'orders', 'orders']);
  });
});
