import { describe, expect, it } from 'vitest';
import { AuditPage } from '@aether/contract';
import { ordersAppForFile } from '../testing/orders-app.js';

const { gw } = ordersAppForFile([
  { id: 'flush', title: 'Flush', method: 'POST', path: '/flush', mutating: true },
]);

const trail = async () =>
  AuditPage.parse((await gw().call('operator', 'GET', '/api/audit')).json()).entries;

const rows = async () =>
  ((await gw().stores.rawSql('SELECT count(*) AS n FROM audit')) as [{ n: number }])[0].n;

describe('refusals by the role check reach the audit trail', () => {
  it.each([
    {
      who: 'viewer',
      path: '/api/services/orders/operations/flush/dry-run',
      status: 403,
      role: 'viewer',
    },
    {
      who: 'viewer',
      path: '/api/services/orders/operations/flush/invoke',
      status: 403,
      role: 'viewer',
    },
  ] as const)(
    '$who POST $path → $status, recorded without params',
    async ({ who, path, status, role }) => {
      const before = (await trail()).length;
      const answer = await gw().call(who, 'POST', path, { params: { note: 'x'.repeat(100) } });
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
    },
  );

  it.each([
    '/api/services/orders/operations/flush/dry-run',
    '/api/services/orders/operations/flush/invoke',
    '/api/approvals/some-id/approve',
    '/api/approvals/some-id/reject',
  ])('anonymous POST %s with 8 KiB of params → 401, nothing written', async (path) => {
    const before = await rows();
    const answer = await gw().call(null, 'POST', path, { params: { junk: 'x'.repeat(8192) } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(await rows()).toBe(before);
  });

  it('does not record refusals that name no configured operation, nor reads', async () => {
    const before = (await trail()).length;
    expect(
      (
        await gw().call('viewer', 'POST', '/api/services/orders/operations/nope/dry-run', {
          params: {},
        })
      ).status,
    ).toBe(403);
    expect((await gw().call('viewer', 'POST', '/api/approvals/unknown/approve', {})).status).toBe(
      403,
    );
    expect((await gw().call('viewer', 'GET', '/api/approvals')).status).toBe(403);
    expect((await trail()).length).toBe(before);
  });
});

describe('refusals are rate limited per caller', () => {
  it('records 30 a minute per caller, counts the rest and says so in the next recorded one', async () => {
    gw().clock.advance(60_000);
    const before = await rows();
    const path = '/api/services/orders/operations/flush/dry-run';
    for (let i = 0; i < 35; i++)
      expect((await gw().call('viewer', 'POST', path, {})).status).toBe(403);
    expect(await rows()).toBe(before + 30);
    gw().clock.advance(60_000);
    expect((await gw().call('viewer', 'POST', path, {})).status).toBe(403);
    expect(await rows()).toBe(before + 31);
    expect((await trail())[0]!.reason).toMatch(
      /5 earlier refusal\(s\) of this caller not recorded/,
    );
  });
});
