import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startGatewayUnderTest,
  type ApiCaller,
  type GatewayUnderTest,
} from '../testing/gateway-under-test.js';
import { expectProblem } from '../testing/problem-assertions.js';

let gw: GatewayUnderTest;
let closedAnonymous: GatewayUnderTest;

beforeAll(async () => {
  gw = await startGatewayUnderTest({ bodyLimit: 1024 });
  closedAnonymous = await startGatewayUnderTest({ anonymous: 'none' });
});
afterAll(async () => {
  await gw?.close();
  await closedAnonymous?.close();
});

describe('errors are problem+json', () => {
  const cases: Array<{
    name: string;
    method: string;
    path: string;
    status: number;
    as?: ApiCaller;
    init?: Parameters<GatewayUnderTest['call']>[3];
    detail?: RegExp;
  }> = [
    { name: 'unknown path', method: 'GET', path: '/api/nope', status: 404, detail: /\/api\/nope/ },
    {
      name: 'unknown service',
      method: 'GET',
      path: '/api/services/ghost',
      status: 404,
      detail: /ghost/,
    },
    { name: 'wrong method', method: 'DELETE', path: '/api/services', status: 405 },
    {
      name: 'body not JSON',
      method: 'POST',
      path: '/api/verify',
      as: 'operator',
      status: 415,
      init: {
        rawBody: 'services=orders',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    },
    {
      name: 'body too large',
      method: 'POST',
      path: '/api/verify',
      as: 'operator',
      status: 413,
      init: { body: { services: ['x'.repeat(2000)] } },
    },
    {
      name: 'invalid JSON',
      method: 'POST',
      path: '/api/verify',
      as: 'operator',
      status: 400,
      init: { rawBody: '{"services":', headers: { 'content-type': 'application/json' } },
    },
    {
      name: 'wrong type',
      method: 'POST',
      path: '/api/verify',
      as: 'operator',
      status: 400,
      init: { body: { services: 'orders' } },
    },
    {
      name: 'bad query',
      method: 'GET',
      path: '/api/services/orders/history?from=yesterday',
      status: 400,
    },
    {
      name: 'unknown query field',
      method: 'GET',
      path: '/api/services/orders/history?colour=red',
      status: 400,
    },
    {
      name: 'anonymous on an operator route',
      method: 'POST',
      path: '/api/verify',
      status: 401,
      init: { body: {} },
    },
    {
      name: 'viewer on an operator route',
      method: 'POST',
      path: '/api/verify',
      as: 'viewer',
      status: 403,
      init: { body: {} },
    },
    {
      name: 'viewer on an admin route',
      method: 'PUT',
      path: '/api/panels/health',
      as: 'viewer',
      status: 403,
      init: { body: { entry: 'http://localhost:5174/mf-manifest.json', version: '2' } },
    },
    {
      name: 'a token nobody has',
      method: 'GET',
      path: '/api/services',
      status: 401,
      init: { headers: { authorization: 'Bearer nope' } },
    },
  ];
  it.each(cases)('$name → $status', async ({ method, path, status, as = null, init, detail }) => {
    const problem = await expectProblem(await gw.call(as, method, path, init), status);
    expect(problem.type).toMatch(/^urn:aether:problem:/);
    expect(problem.title).not.toBe('');
    if (detail) expect(problem.detail).toMatch(detail);
  });

  it('names every unknown field with its path', async () => {
    const problem = await expectProblem(
      await gw.call('operator', 'POST', '/api/verify', {
        body: { services: ['orders'], colour: 'red', also: 1 },
      }),
      400,
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.colour', message: 'unknown field' },
        { path: 'body.also', message: 'unknown field' },
      ]),
    );
  });

  it('locates a wrong value inside an array', async () => {
    const problem = await expectProblem(
      await gw.call('operator', 'POST', '/api/verify', { body: { services: ['orders', 7] } }),
      400,
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.services[1]']);
  });

  it('says which methods a path allows', async () => {
    const response = await gw.call(null, 'DELETE', '/api/services');
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('asks anonymous callers to authenticate', async () => {
    const response = await gw.call(null, 'POST', '/api/verify', { body: {} });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses anonymous viewers when auth.anonymous is none, but keeps /health open', async () => {
    await expectProblem(await closedAnonymous.call(null, 'GET', '/api/services'), 401);
    expect((await closedAnonymous.call(null, 'GET', '/health')).status).toBe(200);
    expect((await closedAnonymous.call('viewer', 'GET', '/api/services')).status).toBe(200);
  });

  it('answers an unexpected failure with a 500 that leaks nothing', async () => {
    const broken = await startGatewayUnderTest();
    try {
      // the database going away under a running gateway is a real unexpected failure
      await broken.gateway.stores.close();
      const problem = await expectProblem(await broken.call('operator', 'GET', '/api/audit'), 500);
      expect(problem.detail ?? '').not.toMatch(/database|sqlite|connection/i);
      expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('security headers and CORS', () => {
  it('sets helmet headers on every answer', async () => {
    const response = await gw.call(null, 'GET', '/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeTruthy();
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('allows the configured origin with credentials', async () => {
    const response = await gw.call(null, 'GET', '/api/services', {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives other origins no CORS headers', async () => {
    const response = await gw.call(null, 'GET', '/api/services', {
      headers: { origin: 'http://evil.test' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the preflight of an allowed origin', async () => {
    const response = await gw.call(null, 'OPTIONS', '/api/verify', {
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('refuses the preflight of another origin', async () => {
    const response = await gw.call(null, 'OPTIONS', '/api/verify', {
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
    });
    await expectProblem(response, 403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
