import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  AuditPage,
  ConfirmationRequired,
  DryRunResponse,
  InvokeResponse,
  Operation,
  Problem,
} from '@aether/contract';
import {
  AuditEntry as AuditEntrySchema,
  ConfirmationRequired as ConfirmationSchema,
  InvokeResponse as InvokeSchema,
  Problem as ProblemSchema,
} from '@aether/contract';
import { createAdminTarget, type AdminTarget } from '../testing/admin-target.js';
import { startOperateApp, type OperateApp } from '../testing/operate-app.js';
import { ordersService } from '../testing/test-operations.js';
import { CONFIRM_TTL_MS } from './confirmation-tokens.js';
import { TRUNCATED_MARKER } from './secrets.js';

/** The secret the gateway injects; it must never come back out. */
const SECRET = 'sk-live-7Hq2Zp9XwV3mN8rTq';
process.env.AETHER_TEST_ADMIN_TOKEN = SECRET;

const REGION = {
  type: 'object',
  properties: { region: { type: 'string', enum: ['eu', 'us'] } },
  required: ['region'],
  additionalProperties: false,
};
const AUTH = { authorization: 'Bearer ${AETHER_TEST_ADMIN_TOKEN}' };

let target: AdminTarget;
/** Stands for "any other host": nothing may ever reach it. */
let elsewhere: AdminTarget;
let gw: OperateApp;

beforeAll(async () => {
  target = await createAdminTarget();
  elsewhere = await createAdminTarget();
  const op = (id: string, rest: Record<string, unknown>) => ({
    id,
    title: id,
    headers: AUTH,
    ...rest,
  });
  gw = await startOperateApp({
    services: [
      ordersService(target.url, [
        op('flush-cache', {
          method: 'POST',
          path: '/admin/cache/flush',
          mutating: true,
          params: REGION,
        }),
        op('echo', {
          method: 'POST',
          path: '/admin/echo',
          mutating: false,
          headers: { ...AUTH, 'x-api-key': '${AETHER_TEST_ADMIN_TOKEN}' },
          params: {
            type: 'object',
            properties: {
              note: { type: 'string' },
              password: { type: 'string', writeOnly: true },
            },
            additionalProperties: false,
          },
        }),
        op('sleep', {
          method: 'POST',
          path: '/admin/sleep?ms={ms}',
          mutating: false,
          timeout: '200ms',
          params: {
            type: 'object',
            properties: { ms: { type: 'integer', minimum: 0, maximum: 5000 } },
            required: ['ms'],
          },
        }),
        op('large', {
          method: 'GET',
          path: '/admin/large',
          mutating: false,
          params: { type: 'object', properties: { kb: { type: 'integer' } }, required: ['kb'] },
        }),
        op('redirect', {
          method: 'GET',
          path: '/admin/redirect',
          mutating: false,
          params: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
        }),
        op('item', {
          method: 'GET',
          path: '/items/{id}',
          mutating: false,
          params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        }),
        op('hold', { method: 'POST', path: '/admin/hold', mutating: false, concurrency: 1 }),
        op('limited', { method: 'GET', path: '/limited', mutating: false, ratePerMinute: 2 }),
        op('admin-only', {
          method: 'POST',
          path: '/admin/cache/flush',
          mutating: true,
          role: 'admin',
          params: REGION,
        }),
      ]),
      {
        // a service whose baseUrl has a path: redirects must stay under it
        id: 'scoped',
        name: 'Scoped',
        baseUrl: `${target.url}/admin`,
        operations: [
          op('redirect', {
            method: 'GET',
            path: '/redirect',
            mutating: false,
            params: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
          }),
        ],
      },
    ],
  });
});

afterEach(() => {
  expect(elsewhere.requests).toEqual([]);
});

afterAll(async () => {
  await gw.close();
  await target.close();
  await elsewhere.close();
});

const invoke = (as: Parameters<OperateApp['call']>[0], op: string, body: unknown) =>
  gw.call(as, 'POST', `/api/services/orders/operations/${op}/invoke`, body);
const lastAudit = async (): Promise<AuditEntry> =>
  ((await gw.call('operator', 'GET', '/api/audit?limit=1')).json() as AuditPage).entries[0]!;

describe('GET /api/services/:id/operations', () => {
  it('lists the allow-list with schemas and never the headers', async () => {
    const res = await gw.call('viewer', 'GET', '/api/services/orders/operations');
    expect(res.status).toBe(200);
    const ops = res.json() as Operation[];
    expect(ops.map((o) => o.id)).toContain('flush-cache');
    expect(ops.find((o) => o.id === 'flush-cache')).toMatchObject({
      serviceId: 'orders',
      mutating: true,
      approvals: 1,
      role: 'operator',
      params: REGION,
    });
    expect(res.text).not.toContain('AETHER_TEST_ADMIN_TOKEN');
  });

  it('GET /api/operations lists every service’s, in config order, to viewers', async () => {
    const res = await gw.call('viewer', 'GET', '/api/operations');
    expect(res.status).toBe(200);
    const ops = res.json() as Operation[];
    expect(ops.map((o) => `${o.serviceId}/${o.id}`)).toEqual([
      ...(
        (await gw.call('viewer', 'GET', '/api/services/orders/operations')).json() as Operation[]
      ).map((o) => `orders/${o.id}`),
      'scoped/redirect',
    ]);
    expect(res.text).not.toContain('AETHER_TEST_ADMIN_TOKEN');
  });

  it.each([
    ['unknown service', '/api/services/nope/operations/flush-cache/invoke'],
    ['operation not in the allow-list', '/api/services/orders/operations/drop-database/invoke'],
  ])('404 for an %s', async (_name, path) => {
    expect((await gw.call('operator', 'POST', path, { params: {} })).status).toBe(404);
  });
});

describe('dry-run', () => {
  it('shows the exact request with the secret as a reference, and a curl line', async () => {
    const res = await gw.call(
      'operator',
      'POST',
      '/api/services/orders/operations/flush-cache/dry-run',
      { params: { region: 'eu' } },
    );
    expect(res.status).toBe(200);
    const dry = res.json() as DryRunResponse;
    expect(dry.request).toEqual({
      method: 'POST',
      url: `${target.url}/admin/cache/flush`,
      headers: expect.objectContaining({
        authorization: 'Bearer ${AETHER_TEST_ADMIN_TOKEN}',
        'content-type': 'application/json',
      }),
      body: '{"region":"eu"}',
    });
    expect(dry.curl).toContain(`'${target.url}/admin/cache/flush'`);
    expect(dry.curl).toContain('"${AETHER_TEST_ADMIN_TOKEN}"');
    expect(await lastAudit()).toMatchObject({
      action: 'dry-run',
      actor: 'otto',
      outcome: 'ok',
      params: { region: 'eu' },
    });
  });

  it('redacts params the schema marks writeOnly', async () => {
    const res = await gw.call('operator', 'POST', '/api/services/orders/operations/echo/dry-run', {
      params: { note: 'n', password: 'hunter2-secret' },
    });
    expect(res.text).not.toContain('hunter2-secret');
    expect((await lastAudit()).params).toEqual({ note: 'n', password: '[REDACTED]' });
  });
});

describe('invoke', () => {
  it('runs a non-mutating operation and captures status, headers, body and duration', async () => {
    const res = await invoke('operator', 'echo', { params: { note: 'hello' } });
    expect(res.status).toBe(200);
    const body = InvokeSchema.parse(res.json());
    expect(body.outcome).toBe('completed');
    expect(body.response).toMatchObject({
      status: 200,
      truncated: false,
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
    });
    expect(body.response!.durationMs).toBeGreaterThanOrEqual(0);
    // the service received the real secret…
    expect(target.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
    // …and echoed it back, but the gateway scrubbed it
    expect(body.response!.body).toContain('[REDACTED]');
    expect(res.text).not.toContain(SECRET);
    expect(await lastAudit()).toMatchObject({
      id: body.auditId,
      action: 'invoke',
      outcome: 'ok',
      httpStatus: 200,
      actor: 'otto',
      role: 'operator',
    });
  });

  it('points validation errors at the field and sends nothing', async () => {
    const before = target.requests.length;
    const res = await invoke('operator', 'flush-cache', { params: { region: 'mars', extra: 1 } });
    expect(res.status).toBe(400);
    const problem = ProblemSchema.parse(res.json());
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.params.region', message: 'must be one of "eu", "us"' },
        { path: 'body.params.extra', message: 'is not a parameter of this operation' },
      ]),
    );
    expect(target.requests.length).toBe(before);
    expect(await lastAudit()).toMatchObject({
      action: 'refuse',
      outcome: 'refused',
      httpStatus: 400,
    });
  });

  it('refuses unknown fields in the request body itself', async () => {
    const res = await invoke('operator', 'echo', { params: {}, url: 'http://example.invalid' });
    expect(res.status).toBe(400);
    expect((res.json() as Problem).errors).toEqual([
      { path: 'body.url', message: 'unknown field' },
    ]);
  });

  it.each([
    ['a viewer', 'viewer', 403],
    ['an operator on an admin operation', 'operator', 403],
  ] as const)('refuses %s and audits it without the params', async (_name, as, status) => {
    const op = as === 'operator' ? 'admin-only' : 'flush-cache';
    const res = await invoke(as, op, { params: { region: 'eu' } });
    expect(res.status).toBe(status);
    expect(await lastAudit()).toMatchObject({
      action: 'refuse',
      outcome: 'refused',
      httpStatus: status,
      operationId: op,
      params: {},
    });
  });

  it('refuses an anonymous caller (401) and writes nothing', async () => {
    const before = (await lastAudit()).id;
    const res = await invoke(null, 'flush-cache', { params: { region: 'eu' } });
    expect(res.status).toBe(401);
    expect((await lastAudit()).id).toBe(before);
  });
});

describe('confirmation of mutating operations', () => {
  const ask = async (
    as: 'operator' | 'operator2' = 'operator',
    params: Record<string, unknown> = { region: 'eu' },
  ) => {
    const res = await invoke(as, 'flush-cache', { params });
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return ConfirmationSchema.parse(res.json());
  };

  it('asks first (428 with a preview) and runs once confirmed', async () => {
    const before = target.requests.length;
    const confirmation: ConfirmationRequired = await ask();
    expect(confirmation.preview).toMatchObject({
      method: 'POST',
      body: '{"region":"eu"}',
      headers: { authorization: 'Bearer ${AETHER_TEST_ADMIN_TOKEN}' },
    });
    expect(Date.parse(confirmation.expiresAt) - gw.clock.now()).toBeLessThanOrEqual(CONFIRM_TTL_MS);
    expect(target.requests.length).toBe(before);
    expect(await lastAudit()).toMatchObject({ action: 'confirm-requested', outcome: 'pending' });

    const res = await invoke('operator', 'flush-cache', {
      params: { region: 'eu' },
      confirmToken: confirmation.confirmToken,
    });
    expect(res.status).toBe(200);
    expect((res.json() as InvokeResponse).response?.body).toBe('{"flushed":"eu"}');
    expect(target.requests.length).toBe(before + 1);
  });

  it.each([
    [
      'another actor',
      async (token: string) =>
        invoke('operator2', 'flush-cache', { params: { region: 'eu' }, confirmToken: token }),
      /someone else/,
    ],
    [
      'changed params',
      async (token: string) =>
        invoke('operator', 'flush-cache', { params: { region: 'us' }, confirmToken: token }),
      /params changed/,
    ],
    [
      'another operation',
      async (token: string) =>
        invoke('admin', 'admin-only', { params: { region: 'eu' }, confirmToken: token }),
      /someone else|another operation/,
    ],
    [
      'a made-up token',
      async () =>
        invoke('operator', 'flush-cache', { params: { region: 'eu' }, confirmToken: 'forged' }),
      /unknown/,
    ],
  ])('refuses a token used by %s (409) and sends nothing', async (_name, use, reason) => {
    const { confirmToken } = await ask();
    const before = target.requests.length;
    const res = await use(confirmToken);
    expect(res.status).toBe(409);
    expect((res.json() as Problem).detail).toMatch(reason);
    expect(target.requests.length).toBe(before);
    expect(await lastAudit()).toMatchObject({
      action: 'refuse',
      outcome: 'refused',
      httpStatus: 409,
      reason: expect.stringMatching(reason),
    });
  });

  it('spends a token on use: the second use is refused', async () => {
    const { confirmToken } = await ask();
    expect(
      (await invoke('operator', 'flush-cache', { params: { region: 'eu' }, confirmToken })).status,
    ).toBe(200);
    const again = await invoke('operator', 'flush-cache', {
      params: { region: 'eu' },
      confirmToken,
    });
    expect(again.status).toBe(409);
    expect((again.json() as Problem).detail).toMatch(/already used/);
  });

  it('refuses an expired token', async () => {
    const { confirmToken } = await ask();
    gw.clock.advance(CONFIRM_TTL_MS + 1);
    const res = await invoke('operator', 'flush-cache', { params: { region: 'eu' }, confirmToken });
    expect(res.status).toBe(409);
    expect((res.json() as Problem).detail).toMatch(/expired/);
  });
});

describe('limits and capture', () => {
  it('times out a slow service and says so', async () => {
    const res = await invoke('operator', 'sleep', { params: { ms: 3000 } });
    expect(res.status).toBe(200);
    const body = res.json() as InvokeResponse;
    expect(body).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/within 200ms/) });
    expect(await lastAudit()).toMatchObject({
      action: 'invoke',
      outcome: 'error',
      reason: expect.stringMatching(/within 200ms/),
    });
  });

  it('keeps 256 KiB of an oversized body, counts the rest and flags it', async () => {
    const res = await invoke('operator', 'large', { params: { kb: 1024 } });
    const { response } = res.json() as InvokeResponse;
    expect(response).toMatchObject({ status: 200, truncated: true, bytes: 1024 * 1024 });
    expect(response!.body.length).toBe(256 * 1024 + TRUNCATED_MARKER.length);
    expect(response!.body.endsWith(TRUNCATED_MARKER)).toBe(true);
  });

  it('refuses a call over the concurrency limit while one is in flight', async () => {
    const count = target.requests.length;
    const first = invoke('operator', 'hold', { params: {} });
    await target.arrived(count + 1);
    const second = await invoke('operator', 'hold', { params: {} });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((second.json() as Problem).detail).toMatch(/concurrency/);
    target.release();
    expect((await first).status).toBe(200);
    // the slot is free again
    const third = invoke('operator', 'hold', { params: {} });
    await target.arrived(count + 2);
    target.release();
    expect((await third).status).toBe(200);
  });

  it('refuses calls over the per-minute rate until the window moves on', async () => {
    expect((await invoke('operator', 'limited', { params: {} })).status).toBe(200);
    expect((await invoke('operator', 'limited', { params: {} })).status).toBe(200);
    const over = await invoke('operator', 'limited', { params: {} });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await lastAudit()).toMatchObject({
      action: 'refuse',
      httpStatus: 429,
      reason: expect.stringMatching(/rate limit/),
    });
    gw.clock.advance(61_000);
    expect((await invoke('operator', 'limited', { params: {} })).status).toBe(200);
  });
});

describe('requests never leave the service', () => {
  it.each([
    ['an absolute URL', () => `http://127.0.0.1:${elsewhere.port}/steal`],
    ['a protocol-relative URL', () => `//127.0.0.1:${elsewhere.port}`],
    ['dot-dot', () => '..'],
    ['encoded dot-dot and slash', () => '..%2f..%2fadmin'],
    ['an encoded host', () => `%2f%2f127.0.0.1%3a${elsewhere.port}`],
    ['userinfo @ tricks', () => `x@127.0.0.1:${elsewhere.port}`],
    ['a backslash', () => `\\\\127.0.0.1:${elsewhere.port}`],
  ])('refuses %s in a path parameter (400, field named, audited)', async (_name, value) => {
    const before = target.requests.length;
    const res = await invoke('operator', 'item', { params: { id: value() } });
    expect(res.status).toBe(400);
    expect((res.json() as Problem).errors).toEqual([
      { path: 'body.params.id', message: expect.any(String) },
    ]);
    expect(target.requests.length).toBe(before);
    expect(await lastAudit()).toMatchObject({
      action: 'refuse',
      operationId: 'item',
      httpStatus: 400,
    });
  });

  it('keeps a URL in a query parameter as data on the service', async () => {
    await invoke('operator', 'item', { params: { id: 'a.b' } });
    expect(target.requests.at(-1)!.url).toBe('/items/a.b');
  });

  it('refuses a redirect to another host without following it', async () => {
    const res = await invoke('operator', 'redirect', {
      params: { to: `http://127.0.0.1:${elsewhere.port}/steal` },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/redirect to another host/),
    });
    expect(await lastAudit()).toMatchObject({ action: 'invoke', outcome: 'refused' });
  });

  it('follows a redirect that stays on the service', async () => {
    const res = await invoke('operator', 'redirect', { params: { to: '/landed' } });
    expect((res.json() as InvokeResponse).response).toMatchObject({
      status: 200,
      body: '{"path":"/landed"}',
    });
  });
});

describe('redirects in operations', () => {
  const redirect = (to: string) =>
    gw.call('operator', 'POST', '/api/services/scoped/operations/redirect/invoke', {
      params: { to },
    });

  it.each(['/landed', '/adminx/echo', '/admin/../landed'])(
    'refuses one that leaves the base path (%s) without following it',
    async (to) => {
      const before = target.requests.length;
      const res = await redirect(to);
      expect(res.json()).toMatchObject({
        outcome: 'failed',
        error: expect.stringMatching(/outside the service's base path \(\/admin\)/),
      });
      expect(target.requests.length).toBe(before + 1);
    },
  );

  it("follows one under the base path, without the operation's secret headers", async () => {
    const res = await redirect('/admin/echo');
    const echoed = JSON.parse((res.json() as InvokeResponse).response!.body) as {
      url: string;
      headers: Record<string, string>;
    };
    expect(echoed.url).toBe('/admin/echo');
    expect(echoed.headers.authorization).toBeUndefined();
    // the first hop did carry it
    expect(target.requests.at(-2)!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });
});

describe('the secret never leaks', () => {
  it('appears in no response, audit entry, SSE event or log line', async () => {
    const seen: string[] = [];
    const unsubscribe = gw.deps.events.subscribe((event) => seen.push(JSON.stringify(event)));
    const responses: string[] = [];
    const keep = async (p: Promise<{ text: string; headers: Headers }>) => {
      const res = await p;
      responses.push(res.text, JSON.stringify([...res.headers]));
      return res;
    };
    await keep(
      gw.call('operator', 'POST', '/api/services/orders/operations/echo/dry-run', {
        params: { note: SECRET },
      }),
    );
    await keep(invoke('operator', 'echo', { params: {} }));
    const ask = await keep(invoke('operator', 'flush-cache', { params: { region: 'us' } }));
    await keep(
      invoke('operator', 'flush-cache', {
        params: { region: 'us' },
        confirmToken: (JSON.parse(ask.text) as ConfirmationRequired).confirmToken,
      }),
    );
    await keep(invoke('operator', 'sleep', { params: { ms: 3000 } }));
    await keep(invoke('operator', 'item', { params: { id: `${SECRET}/..` } }));
    await keep(gw.call('operator', 'GET', '/api/audit?limit=1000'));
    await keep(gw.call('operator', 'GET', '/api/audit?format=ndjson'));
    unsubscribe();

    const audit = (await gw.stores.rawSql('SELECT * FROM audit')).map((row) => JSON.stringify(row));
    expect(audit.length).toBeGreaterThan(5);
    for (const [where, texts] of Object.entries({
      responses,
      audit,
      events: seen,
      logs: gw.logLines,
    })) {
      expect(texts.length, where).toBeGreaterThan(0);
      for (const text of texts) expect(text, where).not.toContain(SECRET);
    }
    // the capture was real: the service did receive the secret
    expect(target.requests.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
  });
});

describe('audit', () => {
  it('records entries that match the contract, chained and verifiable', async () => {
    const page = (await gw.call('operator', 'GET', '/api/audit?limit=5')).json() as AuditPage;
    for (const entry of page.entries) AuditEntrySchema.parse(entry);
    expect((await gw.call('operator', 'GET', '/api/audit/verify')).json()).toMatchObject({
      ok: true,
      brokenAt: null,
    });
  });
});
