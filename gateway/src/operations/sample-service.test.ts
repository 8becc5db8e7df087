import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleService, type SampleService } from '@aether/sample-service';
import type { Approval, ConfirmationRequired, InvokeResponse } from '@aether/contract';
import { createAdminTarget, type AdminTarget } from '../testing/admin-target.js';
import { startOperateApp, type OperateApp } from '../testing/operate-app.js';
import { operation, ordersService, REGION_PARAMS } from '../testing/test-operations.js';
import { TRUNCATED_MARKER } from './secrets.js';

/**
 * The operations of the demo config, end to end against the real sample service on loopback:
 * it checks the admin token itself, so a wrong or missing secret would fail here.
 */
const SECRET = 'sample-admin-Rk2x9WqLm4';
process.env.AETHER_SAMPLE_ADMIN_TOKEN = SECRET;
const AUTH = { authorization: 'Bearer ${AETHER_SAMPLE_ADMIN_TOKEN}' };

let sample: SampleService;
let elsewhere: AdminTarget;
let gw: OperateApp;

beforeAll(async () => {
  sample = await createSampleService({ name: 'orders', port: 0, adminToken: SECRET });
  elsewhere = await createAdminTarget();
  gw = await startOperateApp({
    services: [
      ordersService(sample.url, [
        // each sends the admin token the service checks, except no-secret
        operation('flush-cache', 'POST /admin/cache/flush', {
          mutating: true,
          approvals: 2,
          headers: AUTH,
          params: REGION_PARAMS,
        }),
        operation('read-config', 'GET /admin/config', { headers: AUTH }),
        operation('echo', 'POST /admin/echo', { headers: AUTH }),
        operation('large', 'GET /admin/large', {
          headers: AUTH,
          params: { type: 'object', properties: { kb: { type: 'integer' } } },
        }),
        operation('sleep', 'POST /admin/sleep?ms={ms}', {
          timeout: '150ms',
          headers: AUTH,
          params: { type: 'object', properties: { ms: { type: 'integer' } }, required: ['ms'] },
        }),
        operation('redirect', 'GET /admin/redirect', {
          headers: AUTH,
          params: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
        }),
        operation('no-secret', 'GET /admin/config'),
      ]),
    ],
  });
});

afterAll(async () => {
  await gw.close();
  await sample.close();
  await elsewhere.close();
});

const invoke = async (as: 'operator' | 'operator2', op: string, body: unknown) =>
  gw.call(as, 'POST', `/api/services/orders/operations/${op}/invoke`, body);

describe('against the sample service', () => {
  it('reads the config with the injected admin token', async () => {
    const res = await invoke('operator', 'read-config', {});
    expect(res.json()).toMatchObject({ outcome: 'completed', response: { status: 200 } });
    expect(JSON.parse((res.json() as InvokeResponse).response!.body)).toMatchObject({
      service: 'orders',
      cacheFlushes: 0,
    });
  });

  it('shows the service refusing an operation without its secret (401 is a failed outcome)', async () => {
    expect(await invoke('operator', 'no-secret', {}).then((r) => r.json())).toMatchObject({
      outcome: 'failed',
      response: { status: 401 },
    });
  });

  it('flushes the cache after confirmation and a second operator', async () => {
    const asked = (
      await invoke('operator', 'flush-cache', { params: { region: 'eu' } })
    ).json() as ConfirmationRequired;
    const pending = (
      await invoke('operator', 'flush-cache', {
        params: { region: 'eu' },
        confirmToken: asked.confirmToken,
      })
    ).json() as InvokeResponse;
    expect(pending.outcome).toBe('pending-approval');
    const approved = (
      await gw.call('operator2', 'POST', `/api/approvals/${pending.approvalId}/approve`, {})
    ).json() as Approval;
    expect(approved.result).toMatchObject({ outcome: 'completed', response: { status: 200 } });
    expect(JSON.parse(approved.result!.response!.body)).toMatchObject({
      flushed: true,
      region: 'eu',
    });
    const config = (await invoke('operator', 'read-config', {})).json() as InvokeResponse;
    expect(JSON.parse(config.response!.body)).toMatchObject({ cacheFlushes: 1 });
  });

  it('scrubs the secret the service echoes back', async () => {
    const res = await invoke('operator', 'echo', { params: {} });
    expect((res.json() as InvokeResponse).response?.body).toContain('[REDACTED]');
    expect(res.text).not.toContain(SECRET);
  });

  it('caps an oversized body at 256 KiB', async () => {
    const { response } = (
      await invoke('operator', 'large', { params: { kb: 2048 } })
    ).json() as InvokeResponse;
    expect(response).toMatchObject({ truncated: true, bytes: 2048 * 1024 });
    expect(response!.body.length).toBe(256 * 1024 + TRUNCATED_MARKER.length);
    expect(response!.body.endsWith(TRUNCATED_MARKER)).toBe(true);
  });

  it('gives up on a slow answer at the operation timeout', async () => {
    expect((await invoke('operator', 'sleep', { params: { ms: 5000 } })).json()).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/within 150ms/),
    });
  });

  it('refuses the redirect off the host and sends nothing there', async () => {
    const res = await invoke('operator', 'redirect', { params: { to: `${elsewhere.url}/steal` } });
    expect(res.json()).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/another host/),
    });
    expect(elsewhere.requests).toEqual([]);
  });

  it('never writes the secret to a log line or the audit trail', async () => {
    const audit = JSON.stringify(await gw.stores.rawSql('SELECT * FROM audit'));
    expect(audit).not.toContain(SECRET);
    expect(gw.logLines.length).toBeGreaterThan(0);
    for (const line of gw.logLines) expect(line).not.toContain(SECRET);
    expect((await gw.call('operator', 'GET', '/api/audit/verify')).json()).toMatchObject({
      ok: true,
    });
  });
});
