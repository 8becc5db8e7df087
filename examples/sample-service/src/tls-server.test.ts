import { request } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTlsServer, type TlsServer } from './tls-server.js';

let server: TlsServer;
beforeAll(async () => {
  server = await createTlsServer({ port: 0, days: 30 });
});
afterAll(() => server.close());

function get(ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/health`, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createTlsServer', () => {
  it('serves HTTPS with its self-signed certificate, trusted when given as CA', async () => {
    expect(await get(server.cert)).toBe(200);
  });

  it('is refused by a client that does not trust it', async () => {
    await expect(get()).rejects.toThrow(/self[- ]signed/i);
  });

  it('issues a certificate for 127.0.0.1 valid for the days asked', () => {
    const cert = new X509Certificate(server.cert);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });
});
