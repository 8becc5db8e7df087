import { describe, expect, it } from 'vitest';
import { HealthResponse, ReadyResponse, ROUTES } from '@aether/contract';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app.js';
import { gatewayUnderTestForFile } from '../../testing/gateway-under-test.js';
import { expectJson } from '../../testing/problem-assertions.js';

const gw = gatewayUnderTestForFile();

describe('system routes', () => {
  it('GET /health answers liveness with the version', async () => {
    const health = await expectJson(await gw().call(null, 'GET', '/health'), HealthResponse);
    expect(health.status).toBe('ok');
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('GET /ready is 200 when config, storage and scheduler are up', async () => {
    const ready = await expectJson(await gw().call(null, 'GET', '/ready'), ReadyResponse);
    expect(ready).toEqual({
      ready: true,
      checks: { config: true, storage: true, scheduler: true },
    });
  });

  it('GET /ready is 503 when a part is down', async () => {
    // the same real parts, but the storage reported down
    const app = createApp({
      ...gw().gateway.deps,
      readiness: () => ({ config: true, storage: false, scheduler: true }),
      processMetrics: false,
    });
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`,
      );
      const ready = await expectJson(response, ReadyResponse, 503);
      expect(ready.ready).toBe(false);
      expect(ready.checks.storage).toBe(false);
    } finally {
      app.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('GET /metrics counts probes by outcome and exposes status per check', async () => {
    gw().target.healthy = true;
    expect(
      (await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } }))
        .status,
    ).toBe(200);
    const response = await gw().call('viewer', 'GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(
      /aether_probes_total\{service="orders",check="health",type="http",outcome="success"\} [1-9]/,
    );
    expect(text).toMatch(/aether_probe_duration_seconds_count\{type="http"\} [1-9]/);
    expect(text).toMatch(
      /aether_check_status\{service="orders",check="health",type="http",status="up"\} 1/,
    );
    expect(text).toMatch(
      /aether_check_status\{service="orders",check="health",type="http",status="down"\} 0/,
    );
    expect(text).toContain('aether_sse_clients 0');
    expect(text).toContain('aether_scheduler_lateness_seconds_bucket');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('GET /api/openapi.json documents every contract route', async () => {
    const response = await gw().call(null, 'GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\.1/);
    for (const route of ROUTES) {
      expect(
        doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
  });
});
