import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import {
  approvalsHandlers,
  auditHandlers,
  createInteractionStore,
  operationsHandlers,
  sessionHandlers,
  type InteractionStore,
} from './index.js';
import type { AetherEvent } from '../index.js';
import { makeAuditEntries } from '../fixtures/index.js';

const base = 'http://gateway.test';
let store: InteractionStore;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function fresh(signedInAs?: string) {
  store = createInteractionStore({ signedInAs, audit: [] });
  const options = { baseUrl: base, store };
  server.use(
    ...sessionHandlers(options),
    ...operationsHandlers(options),
    ...approvalsHandlers(options),
    ...auditHandlers(options),
  );
  const events: AetherEvent[] = [];
  store.subscribe((e) => events.push(e));
  return events;
}

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('mock gateway: operations', () => {
  it('refuses a viewer and names the role', async () => {
    fresh();
    const res = await post('/api/services/svc-00000/operations/restart-workers/dry-run', {
      params: {},
    });
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/Operator role required/);
  });

  it('locates invalid params by field', async () => {
    fresh('alice-token');
    const res = await post('/api/services/svc-00000/operations/restart-workers/invoke', {
      params: { count: 11 },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.params.reason', message: expect.any(String) },
        { path: 'body.params.count', message: 'must be <= 10' },
      ]),
    );
  });

  it('asks for confirmation, then runs once with the token and refuses it reused', async () => {
    fresh('alice-token');
    const params = { count: 2, reason: 'deploy' };
    const first = await post('/api/services/svc-00000/operations/restart-workers/invoke', {
      params,
    });
    expect(first.status).toBe(428);
    const { confirmToken, preview } = await first.json();
    expect(preview.headers.authorization).toBe('Bearer ${ORDERS_ADMIN_TOKEN}');
    const changed = await post('/api/services/svc-00000/operations/restart-workers/invoke', {
      params: { ...params, count: 3 },
      confirmToken,
    });
    expect(changed.status).toBe(409);
    const again = await post('/api/services/svc-00000/operations/restart-workers/invoke', {
      params,
    });
    const token = (await again.json()).confirmToken;
    const second = await post('/api/services/svc-00000/operations/restart-workers/invoke', {
      params,
      confirmToken: token,
    });
    expect(second.status).toBe(200);
    expect((await second.json()).outcome).toBe('completed');
    // The same token, same params, once more: a confirmation runs one invoke, never two.
    const reused = await post('/api/services/svc-00000/operations/restart-workers/invoke', {
      params,
      confirmToken: token,
    });
    expect(reused.status).toBe(409);
    expect((await reused.json()).detail).toMatch(/already used/);
  });

  it('holds a four-eyes request until another operator approves it', async () => {
    const events = fresh('alice-token');
    const ask = await post('/api/services/svc-00000/operations/flush-cache/invoke', {
      params: { region: 'eu' },
    });
    const { confirmToken } = await ask.json();
    const pending = await post('/api/services/svc-00000/operations/flush-cache/invoke', {
      params: { region: 'eu' },
      confirmToken,
    });
    expect(pending.status).toBe(202);
    const { approvalId } = await pending.json();
    // as the gateway: the approver sees the request the last approval will send
    const queue = await (await fetch(`${base}/api/approvals`)).json();
    expect(queue[0]).toMatchObject({
      id: approvalId,
      request: { method: 'POST', body: '{"region":"eu"}' },
    });
    expect((await post(`/api/approvals/${approvalId}/approve`, {})).status).toBe(403);
    store.signIn('bob-token');
    const approved = await post(`/api/approvals/${approvalId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({
      status: 'approved',
      decidedBy: 'bob',
      result: { outcome: 'completed' },
    });
    // as the gateway: approved, then approved again with the run's result
    const approvals = events
      .filter((e) => e.type === 'approval')
      .map((e) => e.data as { status: string; result: unknown });
    expect(
      approvals.map((a) => [a.status, a.result === null ? 'no result yet' : 'result']),
    ).toEqual([
      ['pending', 'no result yet'],
      ['approved', 'no result yet'],
      ['approved', 'result'],
    ]);
  });
});

describe('mock gateway: approvals', () => {
  it('refuses to put a request too large to show in full to approvers (400)', async () => {
    fresh('alice-token');
    const res = await post('/api/services/svc-00000/operations/flush-cache/invoke', {
      params: { region: 'eu', note: 'x'.repeat(9_000) },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'urn:aether:problem:request-too-large-to-approve',
    });
  });
});

describe('mock gateway: audit', () => {
  it('pages backwards with before and filters by actor', async () => {
    fresh('alice-token');
    store.audit = makeAuditEntries(60);
    const page = await (await fetch(`${base}/api/audit?limit=10&actor=bob`)).json();
    expect(page.entries).toHaveLength(10);
    expect(page.entries.every((e: { actor: string }) => e.actor === 'bob')).toBe(true);
    const older = await (
      await fetch(`${base}/api/audit?limit=10&actor=bob&before=${page.nextBefore}`)
    ).json();
    expect(older.entries[0].id).toBeLessThan(page.nextBefore);
    expect(older.nextBefore).toBeNull();
  });
});
