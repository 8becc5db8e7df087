import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../cli/start-gateway.js';
import { startConfigGateway } from '../testing/config-gateway.js';

/** The DNS-rebinding guard on the real gateway: a page on evil.test resolving to us gets nothing. */
let gateway: RunningGateway;
beforeAll(async () => {
  gateway = await startConfigGateway([
    'server: { port: 0, allowedOrigins: ["https://aether.example.test"], allowedHosts: [gateway] }',
    'auth: { anonymous: viewer }',
    'panels: []',
  ]);
});
afterAll(async () => {
  await gateway?.close();
});

/** fetch cannot set Host; a raw request can. */
function get(path: string, host: string): Promise<{ status: number; type: string; body: string }> {
  const { port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host header check', () => {
  it.each([
    ['/api/services', 'evil.test:8080', 421],
    ['/api/session', 'rebind.evil.test', 421],
    ['/metrics', 'evil.test', 421],
    ['/api/services', 'localhost:8080', 200],
    ['/api/services', '127.0.0.1', 200],
    ['/api/services', 'aether.example.test', 200],
    ['/api/services', 'gateway:8080', 200],
    // orchestrators probe by whatever name they have; these say nothing
    ['/health', 'evil.test', 200],
    ['/ready', 'pod-name.namespace.svc', 200],
  ])('GET %s with Host %s → %i', async (path, host, status) => {
    const answer = await get(path, host);
    expect(answer.status).toBe(status);
    if (status === 421) {
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body)).toMatchObject({
        status: 421,
        type: 'urn:aether:problem:host-not-allowed',
      });
    }
  });
});
