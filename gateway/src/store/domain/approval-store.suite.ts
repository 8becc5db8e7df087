import { describe, expect, it } from 'vitest';
import type { InvokeResponse } from '@aether/contract';
import type { ApprovalStore, NewApproval } from './approval-store.js';

export type MakeApprovalStore = () => ApprovalStore | Promise<ApprovalStore>;

const T0 = Date.parse('2026-11-27T10:00:00Z');

const request = (over: Partial<NewApproval> = {}): NewApproval => ({
  serviceId: 'orders',
  operationId: 'restart',
  title: 'Restart',
  params: { region: 'eu', nested: { n: 1 } },
  requestedBy: 'otto',
  requestedRole: 'operator',
  requestedAt: T0,
  expiresAt: T0 + 60_000,
  required: 2,
  ...over,
});

/** What every ApprovalStore backend must do; SQLite runs it today, a Postgres store must too. */
export function describeApprovalStoreSuite(name: string, makeStore: MakeApprovalStore): void {
  describe(`${name} (ApprovalStore)`, () => {
    it('creates a pending request whose first approval is the requester', async () => {
      const store = await makeStore();
      const created = await store.create(request());
      expect(created).toMatchObject({
        ...request(),
        // times come back as ISO strings
        requestedAt: new Date(T0).toISOString(),
        expiresAt: new Date(T0 + 60_000).toISOString(),
        status: 'pending',
        approvals: [{ actor: 'otto', at: new Date(T0).toISOString() }],
        decidedBy: null,
        decidedAt: null,
        result: null,
      });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('lists pending first, then newest', async () => {
      const store = await makeStore();
      const old = await store.create(request({ requestedAt: T0 }));
      const decided = await store.create(request({ requestedAt: T0 + 2 }));
      const recent = await store.create(request({ requestedAt: T0 + 1 }));
      await store.decide(decided.id, 'rejected', 'olga', T0 + 3);
      expect((await store.list()).map((a) => a.id)).toEqual([recent.id, old.id, decided.id]);
      expect(await store.list(1)).toHaveLength(1);
    });

    it('finds the pending requests due at a time', async () => {
      const store = await makeStore();
      const soon = await store.create(request({ expiresAt: T0 + 10 }));
      await store.create(request({ expiresAt: T0 + 20 }));
      const decided = await store.create(request({ expiresAt: T0 + 5 }));
      await store.decide(decided.id, 'approved', 'olga', T0);
      expect((await store.due(T0 + 10)).map((a) => a.id)).toEqual([soon.id]);
    });

    it('adds approvals only while pending', async () => {
      const store = await makeStore();
      const { id } = await store.create(request({ required: 3 }));
      const once = await store.addApproval(id, 'olga', T0 + 1);
      expect(once?.approvals.map((a) => a.actor)).toEqual(['otto', 'olga']);
      await store.decide(id, 'rejected', 'ada', T0 + 2);
      const after = await store.addApproval(id, 'ada', T0 + 3);
      expect(after?.approvals.map((a) => a.actor)).toEqual(['otto', 'olga']);
      expect(await store.addApproval('nope', 'ada', T0)).toBeUndefined();
    });

    it('decides once', async () => {
      const store = await makeStore();
      const { id } = await store.create(request());
      expect(await store.decide(id, 'approved', 'olga', T0 + 5)).toBe(true);
      expect(await store.decide(id, 'rejected', 'ada', T0 + 6)).toBe(false);
      expect(await store.get(id)).toMatchObject({
        status: 'approved',
        decidedBy: 'olga',
        decidedAt: new Date(T0 + 5).toISOString(),
      });
    });

    it('keeps the result of the run', async () => {
      const store = await makeStore();
      const { id } = await store.create(request());
      const result: InvokeResponse = { outcome: 'failed', auditId: 7, error: 'Not run: limit' };
      expect((await store.setResult(id, result))?.result).toEqual(result);
      expect((await store.get(id))?.result).toEqual(result);
    });
  });
}
