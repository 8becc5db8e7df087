import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, AuditPage, AuditVerification } from '@aether/contract';
import { createAdminTarget, type AdminTarget } from '../testing/admin-target.js';
import { startOperateApp, type OperateApp } from '../testing/operate-app.js';

let target: AdminTarget;
let gw: OperateApp;

beforeAll(async () => {
  target = await createAdminTarget();
  gw = await startOperateApp({
    services: ['orders', 'billing'].map((id) => ({
      id,
      name: id,
      baseUrl: target.url,
      operations: [{ id: 'ping', title: 'Ping', method: 'GET', path: '/ping', mutating: false }],
    })),
  });
  // 6 entries: otto pings orders 3 times, an hour later olga pings billing twice, then vera is refused
  for (let i = 0; i < 3; i++)
    await gw.call('operator', 'POST', '/api/services/orders/operations/ping/invoke', {});
  gw.clock.advance(60 * 60_000);
  for (let i = 0; i < 2; i++)
    await gw.call('operator2', 'POST', '/api/services/billing/operations/ping/invoke', {});
  await gw.call('viewer', 'POST', '/api/services/orders/operations/ping/invoke', {});
});

afterAll(async () => {
  await gw.close();
  await target.close();
});

const page = async (query: string) =>
  AuditPage.parse((await gw.call('operator', 'GET', `/api/audit${query}`)).json());

describe('GET /api/audit', () => {
  it.each([
    ['', [6, 5, 4, 3, 2, 1]],
    ['?service=billing', [5, 4]],
    ['?actor=otto', [3, 2, 1]],
    ['?actor=vera', [6]],
  ])('filters %s', async (query, ids) => {
    expect((await page(query)).entries.map((e) => e.id)).toEqual(ids);
  });

  it('records the refusal of an under-privileged caller', async () => {
    const [refusal] = (await page('?actor=vera')).entries;
    expect(refusal).toMatchObject({
      action: 'refuse',
      role: 'viewer',
      outcome: 'refused',
      httpStatus: 403,
      serviceId: 'orders',
      operationId: 'ping',
    });
  });

  it('filters by time', async () => {
    const all = (await page('')).entries;
    const from = all.find((e) => e.id === 4)!.at;
    expect((await page(`?from=${encodeURIComponent(from)}`)).entries.map((e) => e.id)).toEqual([
      6, 5, 4,
    ]);
    expect(
      (await page(`?to=${encodeURIComponent(all.find((e) => e.id === 3)!.at)}`)).entries.map(
        (e) => e.id,
      ),
    ).toEqual([3, 2, 1]);
  });

  it('pages backwards with limit and before', async () => {
    const first = await page('?limit=4');
    expect(first.entries.map((e) => e.id)).toEqual([6, 5, 4, 3]);
    const second = await page(`?limit=4&before=${first.nextBefore}`);
    expect(second).toEqual({
      entries: [expect.objectContaining({ id: 2 }), expect.objectContaining({ id: 1 })],
      nextBefore: null,
    });
  });

  it('exports NDJSON, oldest first, one contract entry per line', async () => {
    const res = await gw.call('operator', 'GET', '/api/audit?format=ndjson&service=orders');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((line) => AuditEntry.parse(JSON.parse(line)));
    expect(lines.map((e) => e.id)).toEqual([1, 2, 3, 6]);
  });

  it.each([['?limit=0'], ['?limit=abc'], ['?from=yesterday'], ['?sort=asc']])(
    '400 for a bad query %s',
    async (query) => {
      expect((await gw.call('operator', 'GET', `/api/audit${query}`)).status).toBe(400);
    },
  );
});

describe('GET /api/audit/verify', () => {
  it('reports the chain intact, then where it breaks once a row is altered in SQLite', async () => {
    const verify = async (query = '') =>
      AuditVerification.parse(
        (await gw.call('operator', 'GET', `/api/audit/verify${query}`)).json(),
      );
    expect(await verify()).toMatchObject({
      ok: true,
      checked: 6,
      brokenAt: null,
      reason: null,
      head: { id: 6, count: 6 },
    });
    // the gateway offers no way to do this; someone with the database file does
    await gw.stores.rawSql('DROP TRIGGER audit_no_update');
    await gw.stores.rawSql("UPDATE audit SET outcome = 'refused', http_status = 403 WHERE id = 2");
    // the default walk starts after the last verified entry; ?full=true walks it all again
    expect(await verify()).toMatchObject({ ok: true, checked: 0, from: 6 });
    expect(await verify('?full=true')).toMatchObject({
      ok: false,
      checked: 1,
      brokenAt: 2,
      reason: expect.stringMatching(/does not match/),
    });
    expect((await gw.call('operator', 'GET', '/api/audit/verify?full=yes')).status).toBe(400);
  });
});
