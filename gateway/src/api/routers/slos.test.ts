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
    // the gateway may run the check at start too: the counts are checked against each other
    const [orders] = slos;
    expect(orders).toMatchObject({ serviceId: 'orders', objective: 99, window: '7d' });
    const bad = orders!.total - orders!.good;
    expect(orders!.good).toBeGreaterThanOrEqual(1);
    expect(bad).toBeGreaterThanOrEqual(1);
    expect(orders!.sli).toBeCloseTo(orders!.good / orders!.total, 9);
    expect(orders!.errorBudget.usedBad).toBe(bad);
    expect(orders!.errorBudget.allowedBad).toBeCloseTo(orders!.total * 0.01, 9);
    expect(orders!.burnRates['5m']).toBeCloseTo(bad / orders!.total / 0.01, 6);
    expect(orders!.alerts.map((a) => a.severity)).toContain('page');
  });

  it('GET /api/slos is serialized once per refresh: gzip when accepted, an ETag that answers 304', async () => {
    const plain = await gw.call('viewer', 'GET', '/api/slos', {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const etag = plain.headers.get('etag');
    expect(etag).toMatch(/^"slos-/);
    const list = await expectJson(plain, SloList);
    const zipped = await gw.call('viewer', 'GET', '/api/slos', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('etag')).toBe(etag);
    expect(await expectJson(zipped, SloList)).toEqual(list); // fetch unzips it
    const again = await gw.call('viewer', 'GET', '/api/slos', {
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
  });

  it('GET /api/services/:id/slo answers the budget over time from the rollups', async () => {
    const series = await expectJson(
      await gw.call('viewer', 'GET', '/api/services/orders/slo'),
      SloBudgetSeries,
    );
    expect(series).toMatchObject({ serviceId: 'orders', objective: 99, window: '7d' });
    const [orders] = await expectJson(await gw.call('viewer', 'GET', '/api/slos'), SloList);
    const last = series.points.at(-1)!;
    expect(last.sli).toBeCloseTo(orders!.sli!, 9);
    expect(last.remainingRatio).toBeCloseTo(orders!.errorBudget.remainingRatio, 6);
    expect(last.remainingRatio!).toBeLessThan(0); // 1 bad in a handful: overspent
  });

  it("GET /api/services/:id/slo carries the service's figures now, the same object as its /api/slos entry", async () => {
    const series = await expectJson(
      await gw.call('viewer', 'GET', '/api/services/orders/slo'),
      SloBudgetSeries,
    );
    const [orders] = await expectJson(await gw.call('viewer', 'GET', '/api/slos'), SloList);
    expect(series.current).toEqual(orders);
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
