import type { CheckResult, ProbeErrorKind } from '@aether/contract';
import { CheckResult as CheckResultSchema } from '@aether/contract';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { createHttpTarget, type HttpTarget } from '../testing/http-target.js';
import { makeSelfSignedCert, type TestCertificate } from '../testing/self-signed-cert.js';
import { closedPort } from '../testing/tcp-target.js';
import { runProbe } from './index.js';

let target: HttpTarget;
let other: HttpTarget;
let secure: HttpTarget;
let cert: TestCertificate;

beforeAll(async () => {
  cert = await makeSelfSignedCert({ days: 90 });
  [target, other, secure] = await Promise.all([
    createHttpTarget(),
    createHttpTarget(),
    createHttpTarget({ tls: cert }),
  ]);
});
afterAll(async () => {
  await Promise.all([target.close(), other.close(), secure.close()]);
});

function service(baseUrl: string): ServiceConfig {
  return ServiceConfig.parse({ id: 'svc', name: 'Service', baseUrl });
}
async function probe(
  baseUrl: string,
  check: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const result = await runProbe(
    service(baseUrl),
    CheckConfig.parse({ id: 'c', type: 'http', timeout: '2s', ...check }),
    signal ? { signal } : {},
  );
  // Every result must be what the contract promises the API and UI.
  expect(CheckResultSchema.parse(result)).toEqual(result);
  return result;
}
const kinds = (result: CheckResult) => result.errors.map((error) => error.kind);

describe('http probe against a real server', () => {
  it('passes a healthy endpoint and records each condition and timing phase', async () => {
    const result = await probe(target.url, {
      path: '/health',
      expect: {
        status: [200],
        json: { '$.status': 'ok' },
        headers: { 'content-type': '/json/' },
        bodyContains: 'ok',
        maxLatency: '10s',
      },
    });
    expect(result).toMatchObject({
      success: true,
      status: 'up',
      httpStatus: 200,
      target: `GET ${target.url}/health`,
      errors: [],
    });
    expect(result.conditions.map((c) => [c.condition, c.ok])).toEqual([
      ['status', true],
      ['maxLatency', true],
      ['json $.status', true],
      ['bodyContains', true],
      ['header content-type', true],
    ]);
    expect(result.timings?.connect).toBeGreaterThanOrEqual(0);
    expect(result.timings?.firstByte).toBeGreaterThanOrEqual(0);
    expect(result.timings?.dns).toBeUndefined(); // an IP needs no lookup
    expect(result.timings?.tls).toBeUndefined();
    expect(result.timings!.total).toBeGreaterThanOrEqual(result.timings!.connect!);
  });

  const faults: {
    name: string;
    path: string;
    check?: Record<string, unknown>;
    kind: ProbeErrorKind;
  }[] = [
    { name: 'hang', path: '/hang', check: { timeout: '300ms' }, kind: 'timeout' },
    {
      name: 'slow body past the timeout',
      path: '/slow-body?ms=3000',
      check: { timeout: '300ms' },
      kind: 'timeout',
    },
    { name: 'reset mid-body', path: '/reset', kind: 'reset' },
    { name: 'reset mid-body, chunked', path: '/reset?chunked', kind: 'reset' },
    { name: 'oversized body', path: '/large?bytes=3000000', kind: 'body-too-large' },
    {
      name: 'invalid JSON',
      path: '/invalid-json',
      check: { expect: { json: { '$.status': 'ok' } } },
      kind: 'invalid-json',
    },
    {
      name: 'too many redirects',
      path: `/redirect?to=${encodeURIComponent('/redirect?to=/health')}`,
      check: { followRedirects: 1 },
      kind: 'too-many-redirects',
    },
  ];
  it.each(faults)('classifies $name as $kind and reports down', async ({ path, check, kind }) => {
    const result = await probe(target.url, { path, ...check });
    expect(kinds(result)).toEqual([kind]);
    expect(result).toMatchObject({ success: false, status: 'down' });
  });

  it('classifies a refused connection', async () => {
    const result = await probe(`http://127.0.0.1:${await closedPort()}`, { path: '/health' });
    expect(kinds(result)).toEqual(['refused']);
    expect(result.conditions).toEqual([
      { condition: 'status', expected: '200', actual: 'no response', ok: false, severity: 'fail' },
    ]);
  });

  it('classifies a peer that does not speak HTTP as a protocol error', async () => {
    const garbage = createServer((socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    try {
      const result = await probe(`http://127.0.0.1:${(garbage.address() as AddressInfo).port}`, {
        path: '/',
      });
      expect(kinds(result)).toEqual(['protocol']);
    } finally {
      garbage.close();
    }
  });

  it('reports a 500 as a failed status condition, not an error', async () => {
    const result = await probe(target.url, { path: '/status/500' });
    expect(result).toMatchObject({ status: 'down', success: false, httpStatus: 500, errors: [] });
    expect(result.conditions[0]).toMatchObject({
      condition: 'status',
      expected: '200',
      actual: '500',
      ok: false,
    });
  });

  it('waits for a slow body within the timeout, and degrades when over the latency budget', async () => {
    const result = await probe(target.url, {
      path: '/slow-body?ms=300',
      expect: { maxLatency: '100ms', json: { '$.status': 'ok' } },
    });
    expect(result).toMatchObject({ status: 'degraded', success: true, errors: [] });
    expect(result.conditions.find((c) => c.condition === 'maxLatency')).toMatchObject({
      ok: false,
      severity: 'degrade',
    });
  });

  it('reads a body of exactly 1 MiB', async () => {
    const result = await probe(target.url, {
      path: '/large?bytes=1048576',
      expect: { bodyContains: 'aaaa' },
    });
    expect(result).toMatchObject({ status: 'up', errors: [] });
  });

  it('follows a redirect within the same host and port', async () => {
    const before = target.requests.length;
    const result = await probe(target.url, {
      path: '/redirect?to=/health&status=301',
      expect: { json: { '$.status': 'ok' } },
    });
    expect(result).toMatchObject({ status: 'up', httpStatus: 200 });
    expect(target.requests.slice(before)).toEqual(['/redirect?to=/health&status=301', '/health']);
  });

  it.each([
    ['another port', () => `${other.url}/health`],
    ['another host name', () => `http://localhost:${target.port}/health`],
  ])('refuses to follow a redirect to %s', async (_name, to) => {
    const otherBefore = other.requests.length;
    const result = await probe(target.url, { path: `/redirect?to=${encodeURIComponent(to())}` });
    expect(kinds(result)).toEqual(['redirect-off-host']);
    expect(other.requests.length).toBe(otherBefore);
  });

  it('sends the method, headers and body configured', async () => {
    const result = await probe(target.url, {
      method: 'POST',
      path: '/echo',
      headers: { 'x-probe': 'yes', 'content-type': 'text/plain' },
      body: 'hello',
      expect: { json: { '$.method': 'POST', '$.body': 'hello', '$.headers["x-probe"]': 'yes' } },
    });
    expect(result.conditions.filter((c) => !c.ok)).toEqual([]);
    expect(result.status).toBe('up');
  });

  it('uses the check url instead of baseUrl + path', async () => {
    const result = await probe(other.url, {
      url: `${target.url}/status/204`,
      expect: { status: [204] },
    });
    expect(result).toMatchObject({
      status: 'up',
      httpStatus: 204,
      target: `GET ${target.url}/status/204`,
    });
  });

  it('resolves, not throws, when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = probe(target.url, { path: '/hang', timeout: '10s' }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    expect(result.status).toBe('down');
    expect(result.errors[0]?.message).toMatch(/cancelled/);
  });
});

describe('https probe with a self-signed certificate made in the test', () => {
  it('trusts the given CA, times the handshake and reports days left', async () => {
    const result = await probe(secure.url, {
      path: '/health',
      ca: cert.cert,
      expect: { certificate: { minDaysValid: 14 } },
    });
    expect(result).toMatchObject({ status: 'up', httpStatus: 200, errors: [] });
    expect(result.timings?.tls).toBeGreaterThan(0);
    expect(result.certificateDaysLeft).toBeGreaterThan(89);
    expect(result.certificateDaysLeft).toBeLessThanOrEqual(90);
  });

  it('degrades when the certificate expires sooner than minDaysValid', async () => {
    const result = await probe(secure.url, {
      path: '/health',
      ca: cert.cert,
      expect: { certificate: { minDaysValid: 120 } },
    });
    expect(result.status).toBe('degraded');
    expect(result.conditions.at(-1)).toMatchObject({
      condition: 'certificate.minDaysValid',
      expected: '>= 120 days',
      actual: '89 days',
      ok: false,
    });
  });

  it('fails with a tls error when the certificate is not trusted', async () => {
    const result = await probe(secure.url, { path: '/health' });
    expect(kinds(result)).toEqual(['tls']);
    expect(result.errors[0]?.message).toMatch(/self[- ]signed/i);
  });
});
