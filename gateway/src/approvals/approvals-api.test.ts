import { describe, expect, it } from 'vitest';
import {
  Approval as ApprovalSchema,
  type Approval,
  type ConfirmationRequired,
  type InvokeResponse,
  type Problem,
} from '@aether/contract';
import { type TestIdentity } from '../testing/operate-app.js';
import { ordersAppForFile } from '../testing/orders-app.js';
import { APPROVAL_TTL_MS } from '../operations/operations-engine.js';

const { gw, target } = ordersAppForFile([
  {
    id: 'flush-cache',
    title: 'Flush cache',
    method: 'POST',
    path: '/admin/cache/flush',
    mutating: true,
    approvals: 2,
    params: {
      type: 'object',
      properties: { region: { type: 'string', enum: ['eu', 'us'] } },
      required: ['region'],
    },
  },
  {
    id: 'echo',
    title: 'Echo',
    method: 'POST',
    path: '/admin/echo',
    mutating: true,
    approvals: 2,
    headers: { authorization: 'Bearer ${AETHER_TEST_APPROVAL_SECRET}' },
    params: {
      type: 'object',
      properties: {
        note: { type: 'string' },
        password: { type: 'string', writeOnly: true },
      },
    },
  },
]);

process.env.AETHER_TEST_APPROVAL_SECRET = 'approval-secret-4fQ9zLmW2';

/** Invokes, confirms, and returns the pending approval's id (nothing sent to the service yet). */
async function request(region: 'eu' | 'us', as: TestIdentity = 'operator'): Promise<string> {
  const path = '/api/services/orders/operations/flush-cache/invoke';
  const asked = (
    await gw().call(as, 'POST', path, { params: { region } })
  ).json() as ConfirmationRequired;
  const before = target().requests.length;
  const res = await gw().call(as, 'POST', path, {
    params: { region },
    confirmToken: asked.confirmToken,
  });
  expect(res.status).toBe(202);
  const body = res.json() as InvokeResponse;
  expect(body).toMatchObject({
    outcome: 'pending-approval',
    approvalId: expect.any(String),
    auditId: expect.any(Number),
  });
  expect(target().requests.length).toBe(before);
  return body.approvalId!;
}

const decide = (as: TestIdentity | null, id: string, verb: 'approve' | 'reject') =>
  gw().call(as, 'POST', `/api/approvals/${id}/${verb}`, {});
const flushes = () => target().requests.filter((r) => r.url === '/admin/cache/flush').length;

describe('four-eyes approvals', () => {
  it('waits for a second operator, then runs and records the result', async () => {
    const events: Approval[] = [];
    const unsubscribe = gw().deps.events.subscribe(
      (e) => e.type === 'approval' && events.push(e.data as Approval),
    );
    const id = await request('eu');
    const queue = (await gw().call('operator2', 'GET', '/api/approvals')).json() as Approval[];
    expect(queue.find((a) => a.id === id)).toMatchObject({
      status: 'pending',
      requestedBy: 'otto',
      required: 2,
      approvals: [{ actor: 'otto' }],
      params: { region: 'eu' },
    });

    const before = flushes();
    const res = await decide('operator2', id, 'approve');
    expect(res.status).toBe(200);
    const approval = ApprovalSchema.parse(res.json());
    expect(approval).toMatchObject({
      status: 'approved',
      decidedBy: 'olga',
      approvals: [{ actor: 'otto' }, { actor: 'olga' }],
    });
    expect(approval.result).toMatchObject({
      outcome: 'completed',
      response: { status: 200, body: '{"flushed":"eu"}' },
    });
    expect(flushes()).toBe(before + 1);
    unsubscribe();
    expect(events.map((e) => e.status)).toEqual(['pending', 'approved', 'approved']);
    expect(events.at(-1)!.result).not.toBeNull();

    const audit = (await gw().call('operator', 'GET', '/api/audit?limit=3')).json() as {
      entries: Array<{ action: string; actor: string; approvalId: string | null }>;
    };
    expect(audit.entries.map((e) => [e.action, e.actor])).toEqual([
      ['invoke', 'otto'],
      ['approve', 'olga'],
      ['invoke', 'otto'],
    ]);
    expect(audit.entries.every((e) => e.approvalId === id)).toBe(true);
  });

  it('refuses self-approval, and nothing runs', async () => {
    const id = await request('us');
    const before = flushes();
    const res = await decide('operator', id, 'approve');
    expect(res.status).toBe(403);
    expect((res.json() as Problem).detail).toMatch(/own request/);
    expect(flushes()).toBe(before);
  });

  it('lets a viewer neither see nor decide the queue', async () => {
    const id = await request('us');
    expect((await gw().call('viewer', 'GET', '/api/approvals')).status).toBe(403);
    expect((await decide('viewer', id, 'approve')).status).toBe(403);
    expect((await decide(null, id, 'approve')).status).toBe(401);
  });

  it('rejects, and a rejected request can no longer be approved', async () => {
    const id = await request('eu');
    const before = flushes();
    const rejected = await decide('operator2', id, 'reject');
    expect(rejected.status).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decidedBy: 'olga', result: null });
    const late = await decide('admin', id, 'approve');
    expect(late.status).toBe(409);
    expect(flushes()).toBe(before);
  });

  it('expires a request nobody approved in time', async () => {
    const id = await request('eu');
    const before = flushes();
    gw().clock.advance(APPROVAL_TTL_MS + 1);
    const res = await decide('operator2', id, 'approve');
    expect(res.status).toBe(409);
    expect((res.json() as Problem).detail).toMatch(/expired/);
    expect(flushes()).toBe(before);
    const queue = (await gw().call('operator2', 'GET', '/api/approvals')).json() as Approval[];
    expect(queue.find((a) => a.id === id)?.status).toBe('expired');
  });

  it('runs once when two operators approve at the same moment: the later one finds it decided', async () => {
    const id = await request('us');
    const before = flushes();
    const results = await Promise.all([
      decide('operator2', id, 'approve'),
      decide('admin', id, 'approve'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(flushes()).toBe(before + 1);
  });

  it('404 for an unknown approval', async () => {
    expect((await decide('operator2', 'no-such-id', 'approve')).status).toBe(404);
  });

  it('keeps the audit chain intact through all of it', async () => {
    expect((await gw().call('operator', 'GET', '/api/audit/verify')).json()).toMatchObject({
      ok: true,
    });
  });
});

describe('what the approver sees', () => {
  const path = '/api/services/orders/operations/echo/invoke';
  const ask = async (params: Record<string, unknown>) => {
    const asked = (
      await gw().call('operator', 'POST', path, { params })
    ).json() as ConfirmationRequired;
    return gw().call('operator', 'POST', path, { params, confirmToken: asked.confirmToken });
  };

  it('is the redacted outgoing request, exactly as the last approval sends it', async () => {
    const res = await ask({ note: 'restart after deploy', password: 'hunter2-secret' });
    expect(res.status).toBe(202);
    const id = (res.json() as InvokeResponse).approvalId!;
    const queue = (await gw().call('operator2', 'GET', '/api/approvals')).json() as Approval[];
    const shown = ApprovalSchema.parse(queue.find((a) => a.id === id)).request!;
    expect(shown).toMatchObject({
      method: 'POST',
      url: `${target().url}/admin/echo`,
      headers: { authorization: 'Bearer ${AETHER_TEST_APPROVAL_SECRET}' },
      body: '{"note":"restart after deploy","password":"[REDACTED]"}',
    });
    expect(JSON.stringify(queue)).not.toContain('hunter2-secret');

    const before = target().requests.length;
    expect((await decide('operator2', id, 'approve')).status).toBe(200);
    const sent = target().requests[before]!;
    expect(`${target().url}${sent.url}`).toBe(shown.url);
    expect(sent.method).toBe(shown.method);
    expect(sent.headers.authorization).toBe(`Bearer ${process.env.AETHER_TEST_APPROVAL_SECRET}`);
    for (const [name, value] of Object.entries(shown.headers)) {
      if (name !== 'authorization') expect(sent.headers[name], name).toBe(value);
    }
    expect(sent.body).toBe(shown.body!.replace('[REDACTED]', 'hunter2-secret'));
  });

  it('refuses a request too large to be shown in full (400 problem+json) before any token is issued', async () => {
    const res = await gw().call('operator', 'POST', path, { params: { note: 'x'.repeat(9_000) } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      type: 'urn:aether:problem:request-too-large-to-approve',
    });
  });
});
