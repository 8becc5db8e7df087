import { describe, expect, it } from 'vitest';
import type { Notification } from '../alerting/types.js';
import type { OutboxStore } from './outbox-store.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

export function outboxNotification(id: string, alertIds: string[] = ['al-orders']): Notification {
  return {
    id,
    channelId: 'oncall',
    kind: 'firing',
    groupKey: 'route-0/oncall',
    alerts: alertIds.map((alertId) => ({
      id: alertId,
      status: 'firing',
      service: { id: alertId.replace(/^al-/, ''), name: 'Orders', group: 'shop', tags: ['prod'] },
      check: { id: 'health', type: 'http' },
      cause: 'status: expected 200, actual 503',
      since: iso(T0),
      url: 'http://127.0.0.1:5173/p/health/services/orders',
    })),
  };
}

/** The behaviour every OutboxStore must have; run once per backend. */
export function outboxStoreSuite(
  name: string,
  make: () => OutboxStore | Promise<OutboxStore>,
): void {
  describe(`${name} (shared OutboxStore suite)`, () => {
    it('writes a message pending and due at once, before any attempt', async () => {
      const store = await make();
      const message = await store.enqueue(outboxNotification('m1'), T0);
      expect(message).toEqual({
        notification: outboxNotification('m1'),
        createdAt: iso(T0),
        state: 'pending',
        nextAttemptAt: iso(T0),
        attempts: [],
      });
      expect(await store.get('m1')).toEqual(message);
      expect(await store.get('nope')).toBeUndefined();
      expect(await store.countPending()).toBe(1);
      expect(await store.nextDueAt()).toBe(T0);
    });

    it('claims due messages oldest first, up to the limit, and not twice while leased', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1'), T0);
      await store.enqueue(outboxNotification('m2'), T0 + S);
      await store.enqueue(outboxNotification('m3'), T0 + 2 * S);
      const ids = async (now: number, limit = 10) =>
        (await store.claimDue(now, limit, 30 * S)).map((m) => m.notification.id);
      expect(await ids(T0 + S, 1)).toEqual(['m1']);
      expect(await ids(T0 + S)).toEqual(['m2']);
      expect(await ids(T0 + S)).toEqual([]);
      expect(await ids(T0 + 2 * S)).toEqual(['m3']);
      // leases of m1 and m2 (claimed at T0+1s for 30 s) run out: a crashed sender's messages return
      expect(await ids(T0 + 31 * S)).toEqual(['m1', 'm2']);
      expect(await ids(T0 + 32 * S)).toEqual(['m3']);
    });

    it('takes at most perChannel of one channel per claim and leaves skipped channels alone', async () => {
      const store = await make();
      const to = (id: string, channelId: string) => ({ ...outboxNotification(id), channelId });
      for (const [id, channel] of [
        ['p1', 'pager'],
        ['p2', 'pager'],
        ['p3', 'pager'],
        ['h1', 'hook'],
        ['h2', 'hook'],
      ] as const)
        await store.enqueue(to(id, channel), T0);
      const ids = async (options: Parameters<OutboxStore['claimDue']>[3]) =>
        (await store.claimDue(T0, 10, 30 * S, options)).map((m) => m.notification.id).sort();
      expect(await ids({ perChannel: 1, skipChannels: ['hook'] })).toEqual(['p1']);
      expect(await store.nextDueAt(['pager'])).toBe(T0);
      expect(await ids({ perChannel: 2 })).toEqual(['h1', 'h2', 'p2', 'p3']);
      expect(await store.nextDueAt(['hook'])).toBe(T0 + 30 * S);
      expect(await ids({})).toEqual([]);
    });

    it('a released claim can be claimed again at once', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1'), T0);
      await store.enqueue(outboxNotification('m2'), T0);
      await store.claimDue(T0, 10, 30 * S);
      await store.release([{ id: 'm2' }, { id: 'unknown' }]);
      expect((await store.claimDue(T0, 10, 30 * S)).map((m) => m.notification.id)).toEqual(['m2']);
    });

    it('a sender whose claim was taken over cannot move the message nor end the new claim', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1'), T0);
      const [byA] = await store.claimDue(T0, 10, 30 * S);
      // A's lease runs out (a paused gateway); B claims the message and starts sending it
      const [byB] = await store.claimDue(T0 + 30 * S, 10, 30 * S);
      expect(byA?.claim).toBeTruthy();
      expect(byB?.claim).toBeTruthy();
      expect(byB?.claim).not.toBe(byA?.claim);
      // A wakes up and reports a retry due at once: B's claim must hold, or a third sender
      // would claim the message while B is still sending it
      await store.recordAttempt(
        'm1',
        { at: iso(T0 + 31 * S), outcome: 'retrying', status: 503 },
        { state: 'pending', nextAttemptAtMs: T0 + 31 * S },
        byA!.claim,
      );
      await store.release([{ id: 'm1', claim: byA!.claim }]);
      expect(await store.claimDue(T0 + 32 * S, 10, 30 * S)).toEqual([]);
      expect(await store.nextDueAt()).toBe(T0 + 60 * S);
      // A's late success joins the history but does not end B's claim nor finish the message
      await store.recordAttempt(
        'm1',
        { at: iso(T0 + 33 * S), outcome: 'delivered', status: 200 },
        { state: 'delivered' },
        byA!.claim,
      );
      expect(await store.get('m1')).toMatchObject({ state: 'pending' });
      expect(await store.claimDue(T0 + 34 * S, 10, 30 * S)).toEqual([]);
      // B's own report moves the message on
      await store.recordAttempt(
        'm1',
        { at: iso(T0 + 35 * S), outcome: 'delivered', status: 200 },
        { state: 'delivered' },
        byB!.claim,
      );
      const done = await store.get('m1');
      expect(done).toMatchObject({ state: 'delivered', nextAttemptAt: null });
      expect(done?.attempts.map((a) => a.outcome)).toEqual(['retrying', 'delivered', 'delivered']);
      expect(await store.countPending()).toBe(0);
    });

    it('records attempts in order and moves the message on', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1'), T0);
      await store.claimDue(T0, 10, 30 * S);
      await store.recordAttempt(
        'm1',
        { at: iso(T0), outcome: 'retrying', status: 503, error: 'HTTP 503' },
        { state: 'pending', nextAttemptAtMs: T0 + 5 * S },
      );
      expect(await store.claimDue(T0 + 4 * S, 10, 30 * S)).toEqual([]);
      expect(await store.nextDueAt()).toBe(T0 + 5 * S);
      const [again] = await store.claimDue(T0 + 5 * S, 10, 30 * S);
      expect(again?.attempts).toEqual([
        { at: iso(T0), outcome: 'retrying', status: 503, error: 'HTTP 503' },
      ]);
      await store.recordAttempt(
        'm1',
        { at: iso(T0 + 5 * S), outcome: 'delivered', status: 200 },
        { state: 'delivered' },
      );
      const done = await store.get('m1');
      expect(done).toMatchObject({ state: 'delivered', nextAttemptAt: null });
      expect(done?.attempts.map((a) => a.outcome)).toEqual(['retrying', 'delivered']);
      expect(await store.claimDue(T0 + 60 * S, 10, 30 * S)).toEqual([]);
      expect(await store.countPending()).toBe(0);
      expect(await store.nextDueAt()).toBeUndefined();
    });

    it('a failed message stays with its error and is not tried again', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1'), T0);
      await store.recordAttempt(
        'm1',
        { at: iso(T0), outcome: 'failed', status: 400, error: 'HTTP 400: bad payload' },
        { state: 'failed' },
      );
      expect(await store.get('m1')).toMatchObject({
        state: 'failed',
        attempts: [{ outcome: 'failed', status: 400, error: 'HTTP 400: bad payload' }],
      });
      expect(await store.claimDue(T0 + 3_600 * S, 10, 30 * S)).toEqual([]);
    });

    it('a late attempt does not bring a finished message back', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1'), T0);
      await store.recordAttempt(
        'm1',
        { at: iso(T0 + S), outcome: 'delivered', status: 200 },
        { state: 'delivered' },
      );
      // a sender whose lease ran out reports after another one delivered the message
      await store.recordAttempt(
        'm1',
        { at: iso(T0 + 2 * S), outcome: 'retrying', status: 503 },
        { state: 'pending', nextAttemptAtMs: T0 + 10 * S },
      );
      expect(await store.get('m1')).toMatchObject({ state: 'delivered', nextAttemptAt: null });
      expect((await store.get('m1'))?.attempts.map((a) => a.outcome)).toEqual([
        'delivered',
        'retrying',
      ]);
      expect(await store.claimDue(T0 + 60 * S, 10, 30 * S)).toEqual([]);
      expect(await store.countPending()).toBe(0);
    });

    it('the next due time waits for a lease to run out', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1'), T0);
      await store.claimDue(T0, 10, 30 * S);
      expect(await store.nextDueAt()).toBe(T0 + 30 * S);
    });

    it('finds every message that carried an alert', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('m1', ['al-orders', 'al-auth']), T0);
      await store.enqueue(outboxNotification('m2', ['al-auth']), T0 + S);
      await store.enqueue(outboxNotification('m3', ['al-orders']), T0 + 2 * S);
      const ids = async (alertId: string) =>
        (await store.messagesForAlert(alertId)).map((m) => m.notification.id);
      expect(await ids('al-orders')).toEqual(['m1', 'm3']);
      expect(await ids('al-auth')).toEqual(['m1', 'm2']);
      expect(await ids('al-none')).toEqual([]);
    });

    it('prunes finished messages older than a time, never pending ones', async () => {
      const store = await make();
      await store.enqueue(outboxNotification('old-done'), T0);
      await store.enqueue(outboxNotification('old-pending'), T0);
      await store.enqueue(outboxNotification('new-done'), T0 + 10 * S);
      for (const id of ['old-done', 'new-done'])
        await store.recordAttempt(
          id,
          { at: iso(T0), outcome: 'delivered' },
          { state: 'delivered' },
        );
      expect(await store.prune(T0 + 5 * S)).toBe(1);
      expect(await store.get('old-done')).toBeUndefined();
      expect(await store.get('old-pending')).toBeDefined();
      expect(await store.get('new-done')).toBeDefined();
      expect(await store.messagesForAlert('al-orders')).toHaveLength(2);
    });
  });
}
