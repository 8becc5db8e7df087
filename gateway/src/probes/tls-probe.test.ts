import { createServer, type Server } from 'node:tls';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { makeSelfSignedCert, type TestCertificate } from '../testing/self-signed-cert.js';
import { createTcpTarget } from '../testing/tcp-target.js';
import { runProbe } from './index.js';

const servers: Server[] = [];
async function tlsServer(cert: TestCertificate): Promise<number> {
  const server = createServer({ key: cert.key, cert: cert.cert }, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

let fresh: TestCertificate;
let freshPort: number;
let expiringPort: number;
let expired: TestCertificate;
let expiredPort: number;
beforeAll(async () => {
  [fresh, expired] = await Promise.all([
    makeSelfSignedCert({ days: 60 }),
    makeSelfSignedCert({ days: -3 }),
  ]);
  const expiring = await makeSelfSignedCert({ days: 5 });
  [freshPort, expiringPort, expiredPort] = await Promise.all([
    tlsServer(fresh),
    tlsServer(expiring),
    tlsServer(expired),
  ]);
});
afterAll(() =>
  Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))),
);

const service = ServiceConfig.parse({ id: 'edge', name: 'Edge', baseUrl: 'https://127.0.0.1' });
const tls = (port: number, extra: Record<string, unknown> = {}) =>
  CheckConfig.parse({ id: 'cert', type: 'tls', port, ...extra });

describe('tls probe', () => {
  it('reports days left and a valid chain when the CA is trusted', async () => {
    const result = await runProbe(
      service,
      tls(freshPort, { ca: fresh.cert, expect: { certificate: { minDaysValid: 21 } } }),
    );
    expect(result).toMatchObject({
      status: 'up',
      errors: [],
      target: `tls 127.0.0.1:${freshPort}`,
    });
    expect(result.certificateDaysLeft).toBeGreaterThan(59);
    expect(result.conditions.map((c) => [c.condition, c.ok])).toEqual([
      ['certificate.chainValid', true],
      ['certificate.minDaysValid', true],
    ]);
    expect(result.timings?.tls).toBeGreaterThan(0);
  });

  it('fails the chain condition for an untrusted self-signed certificate, still showing days left', async () => {
    const result = await runProbe(service, tls(freshPort));
    expect(result.status).toBe('down');
    expect(result.conditions[0]).toMatchObject({
      condition: 'certificate.chainValid',
      ok: false,
      actual: expect.stringMatching(/SELF_SIGNED/),
    });
    expect(result.certificateDaysLeft).toBeGreaterThan(59);
  });

  it('accepts an untrusted chain when chainValid is not required', async () => {
    const result = await runProbe(service, tls(freshPort, { expect: { chainValid: false } }));
    expect(result.status).toBe('up');
  });

  it('degrades when the certificate expires within minDaysValid', async () => {
    const result = await runProbe(
      service,
      tls(expiringPort, { expect: { chainValid: false, certificate: { minDaysValid: 21 } } }),
    );
    expect(result.status).toBe('degraded');
    expect(result.conditions).toEqual([
      {
        condition: 'certificate.minDaysValid',
        expected: '>= 21 days',
        actual: '4 days',
        ok: false,
        severity: 'degrade',
      },
    ]);
  });

  it('is down for an expired certificate', async () => {
    const result = await runProbe(
      service,
      tls(expiredPort, { ca: expired.cert, expect: { certificate: { minDaysValid: 21 } } }),
    );
    expect(result.status).toBe('down');
    expect(result.conditions.map((c) => [c.condition, c.ok])).toEqual([
      ['certificate.chainValid', false],
      ['certificate.minDaysValid', false],
    ]);
  });

  it('is a tls error when the peer answers with something else than TLS', async () => {
    const plain = createNetServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const result = await runProbe(service, tls((plain.address() as AddressInfo).port));
      expect(result.status).toBe('down');
      expect(result.errors.map((e) => e.kind)).toEqual(['tls']);
    } finally {
      plain.close();
    }
  });

  it('times out on a peer that accepts but never handshakes', async () => {
    const silent = await createTcpTarget();
    try {
      const result = await runProbe(service, tls(silent.port, { timeout: '200ms' }));
      expect(result.errors.map((e) => e.kind)).toEqual(['timeout']);
    } finally {
      await silent.close();
    }
  });
});
