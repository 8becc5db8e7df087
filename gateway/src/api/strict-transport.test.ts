import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../cli/start-gateway.js';
import { startConfigGateway } from '../testing/config-gateway.js';
import { makeSelfSignedCert } from '../testing/self-signed-cert.js';

/** HSTS only when the browser reached the gateway over TLS: a header over plain http is noise at best. */
const HSTS = 'max-age=31536000; includeSubDomains';
let trusting: RunningGateway;
let direct: RunningGateway;
let tls: Server;
let tlsUrl: string;
let ca: string;

beforeAll(async () => {
  const base = ['auth: { anonymous: viewer }', 'panels: []'];
  trusting = await startConfigGateway(['server: { port: 0, trustProxy: 1 }', ...base]);
  direct = await startConfigGateway(['server: { port: 0 }', ...base]);
  // the same app behind its own TLS socket (a deployment that terminates TLS in the gateway)
  const cert = await makeSelfSignedCert();
  ca = cert.cert;
  tls = createServer({ key: cert.key, cert: cert.cert }, direct.app.callback());
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
});
afterAll(async () => {
  tls.closeAllConnections();
  await new Promise((resolve) => tls.close(resolve));
  await Promise.all([trusting.close(), direct.close()]);
});

async function hstsOver(url: string, headers: Record<string, string>): Promise<string | null> {
  if (url.startsWith('https:')) {
    // fetch has no per-call CA; node:https does
    const { request } = await import('node:https');
    return new Promise((resolve, reject) => {
      request(url, { ca, headers }, (res) => {
        res.resume();
        const value = res.headers['strict-transport-security'];
        resolve(typeof value === 'string' ? value : null);
      })
        .on('error', reject)
        .end();
    });
  }
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response.headers.get('strict-transport-security');
}

describe('Strict-Transport-Security', () => {
  it.each([
    ['plain http', 'direct', {}, null],
    [
      'plain http, untrusted X-Forwarded-Proto: https',
      'direct',
      { 'x-forwarded-proto': 'https' },
      null,
    ],
    ['a trusted proxy saying https', 'trusting', { 'x-forwarded-proto': 'https' }, HSTS],
    ['a trusted proxy saying http', 'trusting', { 'x-forwarded-proto': 'http' }, null],
    ['a trusted proxy saying nothing', 'trusting', {}, null],
    ['the gateway own TLS socket', 'tls', {}, HSTS],
  ] as const)('over %s: %s', async (_label, which, headers, expected) => {
    const base = which === 'tls' ? tlsUrl : which === 'trusting' ? trusting.url : direct.url;
    for (const path of ['/api/services', '/health', '/api/nope']) {
      expect(await hstsOver(`${base}${path}`, { ...headers }), path).toBe(expected);
    }
  });
});
