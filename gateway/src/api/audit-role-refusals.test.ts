import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage } from '@aether/contract';
import { createAdminTarget, type AdminTarget } from '../testing/admin-target.js';
import { startOperateApp, type OperateApp } from '../testing/operate-app.js';

let target: AdminTarget;
let gw: OperateApp;

beforeAll(async () => {
  target = await createAdminTarget();
  gw = await startOperateApp({
    services: [
      {
        id: 'orders',
        name: 'Orders',
        baseUrl: target.url,
        operations: [
          { id: 'flush', title: 'Flush', method: 'POST', path: '/flush', mutating: true },
        ],
      },
    ],
  });
});

afterAll(async () => {
  await gw.close();
  await target.close();
});

const trail = async () =>
  AuditPage.parse((await gw.call('operator', 'GET', '/api/audit')).json()).entries;

describe('refusals by the role check reach the audit trail', () => {
  it.each([
    {
      who: 'viewer',
      path: '/api/services/orders/operations/flush/dry-run',
      status: 403,
      role: 'viewer',
    },
    {
      who: 'anonymous',
      path: '/api/services/orders/operations/flush/dry-run',
      status: 401,
      role: 'viewer',
    },
  ] as const)('$who POST $path → $status, recorded', async ({ who, path, status, role }) => {
    const before = (await trail()).length;
    const answer = await gw.call(who === 'anonymous' ? null : who, 'POST', path, { params: {} });
    expect(answer.status).toBe(status);
    const entries = await trail();
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({
      action: 'refuse',
      outcome: 'refused',
      httpStatus: status,
      serviceId: 'orders',
      operationId: 'flush',
      role,
      params: {},
    });
    expect(entries[0]!.reason).toMatch(/operator/);
  });

  it('does not record refusals that name no configured operation, nor reads', async () => {
    const before = (await trail()).length;
    expect(
      (
        await gw.call('viewer', 'POST', '/api/services/orders/operations/nope/dry-run', {
          params: {},
        })
      ).status,
    ).toBe(403);
    expect((await gw.call('viewer', 'POST', '/api/approvals/unknown/approve', {})).status).toBe(
      403,
    );
    expect((await gw.call('viewer', 'GET', '/api/approvals')).status).toBe(403);
    expect((await trail()).length).toBe(before);
  });
});
