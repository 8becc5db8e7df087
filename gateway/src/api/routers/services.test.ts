import { describe, expect, it } from 'vitest';
import {
  History,
  IncidentList,
  ServiceDetail,
  ServiceList,
  VerifyResponse,
} from '@aether/contract';
import { gatewayUnderTestForFile } from '../../testing/gateway-under-test.js';
import { expectJson, expectProblem } from '../../testing/problem-assertions.js';

const gw = gatewayUnderTestForFile();

describe('GET /api/services', () => {
  it('lists every configured service with its checks', async () => {
    const services = await expectJson(await gw().call(null, 'GET', '/api/services'), ServiceList);
    expect(services.map((s) => s.id).sort()).toEqual(['billing', 'orders']);
    const orders = services.find((s) => s.id === 'orders')!;
    expect(orders).toMatchObject({ name: 'Orders API', group: 'commerce', tags: ['prod'] });
    expect(orders.checks.map((c) => c.id)).toEqual(['health']);
  });

  it('is gzipped for clients that accept it', async () => {
    const response = await gw().call(null, 'GET', '/api/services', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    await expectJson(response, ServiceList);
  });

  it('answers 304 to a matching If-None-Match and 200 once something changed', async () => {
    const first = await gw().call(null, 'GET', '/api/services');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    await first.arrayBuffer();

    const again = await gw().call(null, 'GET', '/api/services', {
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    // a status change invalidates the list at once
    gw().target.healthy = false;
    await expectJson(
      await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } }),
      VerifyResponse,
    );
    const changed = await gw().call(null, 'GET', '/api/services', {
      headers: { 'if-none-match': etag! },
    });
    const services = await expectJson(changed, ServiceList);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(services.find((s) => s.id === 'orders')!.status).toBe('down');
    gw().target.healthy = true;
    await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } });
  });
});

describe('GET /api/services/:id', () => {
  it('answers one service with check details and the latest result', async () => {
    await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } });
    const detail = await expectJson(
      await gw().call(null, 'GET', '/api/services/orders'),
      ServiceDetail,
    );
    expect(detail.baseUrl).toBe(gw().target.url);
    expect(detail.checks[0]!.lastResult?.conditions.length).toBeGreaterThan(0);
  });
});

describe('GET /api/services/:id/history', () => {
  it('defaults to the last 24 hours in about 120 points', async () => {
    const history = await expectJson(
      await gw().call(null, 'GET', '/api/services/orders/history'),
      History,
    );
    const span = Date.parse(history.to) - Date.parse(history.from);
    expect(span).toBe(24 * 3600_000);
    expect(history.stepMs).toBe(15 * 60_000);
    expect(history.checkId).toBeNull();
  });

  it('honours from, to, step and check', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 3600_000);
    const query = new URLSearchParams({
      check: 'health',
      from: from.toISOString(),
      to: to.toISOString(),
      step: '5m',
    });
    const history = await expectJson(
      await gw().call(null, 'GET', `/api/services/orders/history?${query}`),
      History,
    );
    expect(history).toMatchObject({ serviceId: 'orders', checkId: 'health', stepMs: 300_000 });
  });

  it('widens a step that would give too many points', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const query = new URLSearchParams({
      from: from.toISOString(),
      to: to.toISOString(),
      step: '1s',
    });
    const history = await expectJson(
      await gw().call(null, 'GET', `/api/services/orders/history?${query}`),
      History,
    );
    expect((7 * 86_400_000) / history.stepMs).toBeLessThanOrEqual(1000);
  });

  const now = Date.now();
  const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  it.each<{ name: string; query: Record<string, string>; path: string }>([
    { name: 'from after to', query: { from: iso(0), to: iso(-3600_000) }, path: 'query.from' },
    { name: 'empty range', query: { from: iso(0), to: iso(0) }, path: 'query.from' },
    {
      name: 'longer than the retention',
      query: { from: iso(-500 * 86_400_000), to: iso(0) },
      path: 'query.from',
    },
    { name: 'not a duration', query: { step: 'fast' }, path: 'query.step' },
    { name: 'a step under a second', query: { step: '10ms' }, path: 'query.step' },
    { name: 'not an instant', query: { to: 'tomorrow' }, path: 'query.to' },
  ])('refuses $name with a located 400', async ({ query, path }) => {
    const problem = await expectProblem(
      await gw().call(null, 'GET', `/api/services/orders/history?${new URLSearchParams(query)}`),
      400,
    );
    expect(problem.errors?.map((e) => e.path)).toContain(path);
  });

  it('answers 404 for a check the service does not have', async () => {
    await expectProblem(
      await gw().call(null, 'GET', '/api/services/orders/history?check=nope'),
      404,
    );
  });
});

describe('GET /api/services/:id/incidents', () => {
  it('records the outage of a failing check', async () => {
    gw().target.healthy = false;
    await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } });
    gw().target.healthy = true;
    await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } });
    const incidents = await expectJson(
      await gw().call(null, 'GET', '/api/services/orders/incidents'),
      IncidentList,
    );
    expect(incidents.length).toBeGreaterThan(0);
    expect(incidents[0]).toMatchObject({ serviceId: 'orders', checkId: 'health', status: 'down' });
  });

  it('refuses a limit out of range', async () => {
    await expectProblem(
      await gw().call(null, 'GET', '/api/services/orders/incidents?limit=0'),
      400,
    );
  });
});

describe('POST /api/verify', () => {
  it('runs the checks of a tag and says whether all passed', async () => {
    gw().target.healthy = true;
    const body = await expectJson(
      await gw().call('operator', 'POST', '/api/verify', { body: { tags: ['prod'] } }),
      VerifyResponse,
    );
    expect(body.ok).toBe(true);
    expect(body.results.map((r) => `${r.serviceId}/${r.checkId}`)).toEqual(['orders/health']);
  });

  it('reports failing conditions with expected and actual', async () => {
    gw().target.healthy = false;
    const body = await expectJson(
      await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } }),
      VerifyResponse,
    );
    gw().target.healthy = true;
    expect(body.ok).toBe(false);
    const status = body.results[0]!.conditions.find((c) => c.condition === 'status');
    expect(status).toMatchObject({ ok: false, actual: '503' });
  });

  it('runs everything without a filter', async () => {
    const body = await expectJson(
      await gw().call('operator', 'POST', '/api/verify'),
      VerifyResponse,
    );
    expect(body.results.map((r) => r.serviceId).sort()).toEqual(['billing', 'orders']);
  });

  it('refuses an unknown service with its position', async () => {
    const problem = await expectProblem(
      await gw().call('operator', 'POST', '/api/verify', {
        body: { services: ['orders', 'ghost'] },
      }),
      400,
    );
    expect(problem.errors).toEqual([
      { path: 'body.services[1]', message: 'no service with id "ghost"' },
    ]);
  });
});
