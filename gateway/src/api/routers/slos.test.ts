import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SloBudgetSeries, SloList, VerifyResponse } from '@aether/contract';
import { startGatewayUnderTest, type GatewayUnderTest } from '../../testing/gateway-under-test.js';
import { expectJson, expectProblem } from '../../testing/problem-assertions.js';

let gw: GatewayUnderTest;
beforeAll(async () => {
  gw = await startGatewayUnderTest({
    ordersExtra: ['    slo: { objective: 99, window: 7d }'],
  });
});
afterAll(async () => {
  await gw?.close();
});

describe('SLO routes on the real gateway', () => {
  it('GET /api/slos counts the results of the service’s checks, with budget and burn rates', async () => {
    await expectJson(
      await gw.call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } }),
      VerifyResponse,
    );
    gw.target.healthy = false;
    await expectJson(
      await gw.call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } }),
      VerifyResponse,
    );
    gw.target.healthy = true;
    const slos = await expectJson(await gw.call('viewer', 'GET', '/api/slos'), SloList);
    expect(slos).toHaveLength(1); // billing has no slo
    expect(slos[0]).toMatchObject({
      serviceId: 'orders',
      objective: 99,
      window: '7d',
      sli: 0.5,
      good: 1,
      total: 2,
      errorBudget: { usedBad: 1 },
    });
    expect(slos[0]!.burnRates['5m']).toBeCloseTo(50, 6);
    expect(slos[0]!.alerts.map((a) => a.severity)).toContain('page');
  });

  it('GET /api/services/:id/slo answers the budget over time from the rollups', async () => {
    const series = await expectJson(
      await gw.call('viewer', 'GET', '/api/services/orders/slo'),
      SloBudgetSeries,
    );
    expect(series).toMatchObject({ serviceId: 'orders', objective: 99, window: '7d' });
    const last = series.points.at(-1)!;
    expect(last.sli).toBe(0.5);
    expect(last.remainingRatio).toBeCloseTo((0.02 - 1) / 0.02, 6);
  });

  it.each([
    { path: '/api/services/billing/slo', status: 404 },
    { path: '/api/services/nope/slo', status: 404 },
    { path: '/api/services/orders/slo?from=yesterday', status: 400 },
    {
      path: '/api/services/orders/slo?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      status: 400,
    },
    {
      path: '/api/services/orders/slo?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      status: 400,
    },
    { path: '/api/services/orders/slo?window=1d', status: 400 },
  ])('$path → $status problem+json', async ({ path, status }) => {
    await expectProblem(await gw.call('viewer', 'GET', path), status);
  });
});
