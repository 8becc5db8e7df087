import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { AuditLog } from '../../audit/audit-log.js';
import { MemoryHeadAnchor } from '../../audit/audit-head.js';
import { systemClock } from '../../clock.js';
import { describePostgres } from '../../testing/postgres-database.js';
import type { AuditEntry } from '@aether/contract';
import { outboxNotification } from '../outbox-store.suite.js';
import { PgApprovalStore } from './pg-approval-store.js';
import { PgAuditStore } from './pg-audit-store.js';
import { PgConfirmTokenStore } from './pg-confirm-token-store.js';
import { PgDeployStore } from './pg-deploy-store.js';
import { PgOutboxStore } from './pg-outbox-store.js';
import { openPgPool } from './pg-pool.js';
import { usePgTestSchemas } from './pg-test-schemas.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;

/**
 * Two gateways on one database: each has a pool of its own (as two processes would), and the
 * shared-state guarantees have to come from Postgres, not from anything in one process.
 */
describePostgres('state shared by two gateways on one Postgres', () => {
  const database = usePgTestSchemas({ max: 4 });
  let a: pg.Pool;
  let b: pg.Pool;
  beforeAll(() => {
    a = database.pool();
    b = database.secondPool();
  });

  it('appends from both gateways at once make one chain that verifies on both', async () => {
    // both open (and so migrate) at the same moment, as gateways started together do
    const [storeA, storeB] = await Promise.all([PgAuditStore.open(a), PgAuditStore.open(b)]);
    const key = Buffer.alloc(32, 7);
    const logA = new AuditLog(storeA, systemClock, { key, anchor: new MemoryHeadAnchor() });
    const logB = new AuditLog(storeB, systemClock, { key, anchor: new MemoryHeadAnchor() });
    const record = (actor: string, i: number) => ({
      actor,
      role: 'operator' as const,
      action: 'invoke' as const,
      serviceId: 'orders',
      operationId: 'flush-cache',
      params: { i },
      outcome: 'ok' as const,
      httpStatus: 200,
      durationMs: 1,
      reason: null,
      approvalId: null,
    });
    const appended = await Promise.all(
      Array.from({ length: 40 }, (_, i) => [
        logA.append(record('gateway-a', i)),
        logB.append(record('gateway-b', i)),
      ]).flat(),
    );
    expect(appended.map((e) => e.id).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 80 }, (_, i) => i + 1),
    );

    const chain: AuditEntry[] = [];
    for await (const entry of storeB.scan()) chain.push(entry);
    expect(chain).toHaveLength(80);
    // one chain, no fork: every entry links to the one before it, and no hash is linked twice
    chain.forEach((entry, i) =>
      expect(entry.prevHash).toBe(i === 0 ? '0'.repeat(64) : chain[i - 1]!.hash),
    );
    expect(new Set(chain.map((e) => e.prevHash)).size).toBe(80);
    expect(chain.filter((e) => e.actor === 'gateway-a')).toHaveLength(40);

    // each gateway verifies up to the head it signed itself, the whole chain from genesis
    for (const log of [logA, logB]) {
      const verified = await log.verify({ full: true });
      expect(verified).toMatchObject({ ok: true, brokenAt: null });
      expect(verified.checked).toBeGreaterThanOrEqual(40);
    }
    // the last append, wherever it ran, is the head of its gateway and the tail of the chain
    const tail = await storeA.tail();
    expect(tail).toEqual({ id: 80, hash: chain[79]!.hash });
  });

  it('a confirm token spent on one gateway cannot be spent on the other', async () => {
    const [tokensA, tokensB] = await Promise.all([
      PgConfirmTokenStore.open(a),
      PgConfirmTokenStore.open(b),
    ]);
    const hashes = Array.from({ length: 25 }, (_, i) => i.toString(16).padStart(64, 'c'));
    for (const tokenHash of hashes)
      await tokensA.put({
        tokenHash,
        actor: 'otto',
        serviceId: 'orders',
        operationId: 'flush-cache',
        paramsHash: 'p'.repeat(64),
        expiresAt: T0 + 60 * S,
      });
    // confirmed on A, visible on B
    expect(await tokensB.get(hashes[0]!)).toMatchObject({ actor: 'otto' });
    const races = await Promise.all(
      hashes.map((hash) => Promise.all([tokensA.spend(hash), tokensB.spend(hash)])),
    );
    for (const spent of races) expect(spent.filter(Boolean)).toHaveLength(1);
    // both gateways won some races: the tokens really were contended from both sides
    expect(races.some(([onA]) => onA)).toBe(true);
    expect(races.some(([, onB]) => onB)).toBe(true);
    expect(await tokensA.get(hashes[0]!)).toBeUndefined();
  });

  it('approvers on two gateways at once both count, and a request is decided once', async () => {
    const [approvalsA, approvalsB] = await Promise.all([
      PgApprovalStore.open(a),
      PgApprovalStore.open(b),
    ]);
    const requests = await Promise.all(
      Array.from({ length: 10 }, () =>
        approvalsA.create({
          serviceId: 'orders',
          operationId: 'restart',
          title: 'Restart',
          params: {},
          requestedBy: 'otto',
          requestedRole: 'operator',
          requestedAt: T0,
          expiresAt: T0 + 60 * S,
          required: 3,
        }),
      ),
    );
    await Promise.all(
      requests.flatMap(({ id }) => [
        approvalsA.addApproval(id, 'olga', T0 + S),
        approvalsB.addApproval(id, 'ada', T0 + S),
      ]),
    );
    for (const { id } of requests) {
      const approvers = (await approvalsB.get(id))!.approvals.map((x) => x.actor);
      expect(approvers.sort()).toEqual(['ada', 'olga', 'otto']);
    }
    const decided = await Promise.all(
      requests.map(({ id }) =>
        Promise.all([
          approvalsA.decide(id, 'approved', 'olga', T0 + 2 * S),
          approvalsB.decide(id, 'rejected', 'ada', T0 + 2 * S),
        ]),
      ),
    );
    for (const pair of decided) expect(pair.filter(Boolean)).toHaveLength(1);
  });

  it('a deploy finished on two gateways at once is finished by one of them', async () => {
    const [deploysA, deploysB] = await Promise.all([PgDeployStore.open(a), PgDeployStore.open(b)]);
    const started = await deploysA.create({
      services: ['orders'],
      version: '1.4.2',
      description: null,
      by: 'ci',
      startedAt: new Date(T0).toISOString(),
      failingBefore: {},
    });
    const ends = await Promise.all([
      deploysA.finish(started.id, { outcome: 'succeeded', atMs: T0 + S, by: 'ci' }),
      deploysB.finish(started.id, { outcome: 'rolled-back', atMs: T0 + S, by: 'alice' }),
    ]);
    const winners = ends.filter((end) => end !== undefined);
    expect(winners).toHaveLength(1);
    expect(await deploysB.get(started.id)).toEqual(winners[0]);
  });

  it('two gateways claiming the same due messages at once claim each exactly once', async () => {
    const [outboxA, outboxB] = await Promise.all([PgOutboxStore.open(a), PgOutboxStore.open(b)]);
    const channels = ['pager', 'hook', 'mail'];
    const ids = Array.from({ length: 90 }, (_, i) => `race-${i}`);
    for (const [i, id] of ids.entries())
      await outboxA.enqueue({ ...outboxNotification(id), channelId: channels[i % 3]! }, T0);

    const claimed: Record<string, string[]> = { a: [], b: [] };
    // four claim loops per gateway, as a busy delivery loop with several batches in flight
    const loop = async (store: PgOutboxStore, into: string[]) => {
      for (;;) {
        const batch = await store.claimDue(T0, 7, 60 * S, { perChannel: 4 });
        if (batch.length === 0) return;
        into.push(...batch.map((m) => m.notification.id));
      }
    };
    await Promise.all(
      [1, 2, 3, 4].flatMap(() => [loop(outboxA, claimed.a!), loop(outboxB, claimed.b!)]),
    );
    const all = [...claimed.a!, ...claimed.b!];
    expect(all).toHaveLength(90);
    expect(new Set(all).size).toBe(90);
    expect(claimed.a!.length).toBeGreaterThan(0);
    expect(claimed.b!.length).toBeGreaterThan(0);
    // nothing left to claim on either side while the leases hold
    expect(await outboxA.claimDue(T0 + 59 * S, 100, 60 * S)).toEqual([]);
    expect(await outboxB.claimDue(T0 + 59 * S, 100, 60 * S)).toEqual([]);
  });

  it("a dead gateway's claims come back once their lease runs out", async () => {
    const doomed = openPgPool({ url: database.url(), max: 2 });
    const outboxDoomed = await PgOutboxStore.open(doomed);
    const outboxB = await PgOutboxStore.open(b);
    for (const id of ['dead-1', 'dead-2', 'dead-3'])
      await outboxB.enqueue({ ...outboxNotification(id), channelId: 'lease' }, T0);
    const taken = await outboxDoomed.claimDue(T0, 10, 30 * S, {
      skipChannels: ['pager', 'hook', 'mail'],
    });
    expect(taken.map((m) => m.notification.id)).toEqual(['dead-1', 'dead-2', 'dead-3']);
    await doomed.end(); // the gateway dies without recording an attempt or releasing

    const only = { skipChannels: ['pager', 'hook', 'mail'] };
    expect(await outboxB.claimDue(T0 + 29 * S, 10, 30 * S, only)).toEqual([]);
    expect(await outboxB.nextDueAt(['pager', 'hook', 'mail'])).toBe(T0 + 30 * S);
    const back = await outboxB.claimDue(T0 + 30 * S, 10, 30 * S, only);
    expect(back.map((m) => m.notification.id)).toEqual(['dead-1', 'dead-2', 'dead-3']);
    await outboxB.recordAttempt(
      'dead-1',
      { at: new Date(T0 + 30 * S).toISOString(), outcome: 'delivered', status: 200 },
      { state: 'delivered' },
    );
    expect(await outboxB.get('dead-1')).toMatchObject({ state: 'delivered' });
  });

  it('a claim in flight on a connection that dies holds nothing back, and blocks no one meanwhile', async () => {
    const outboxB = await PgOutboxStore.open(b);
    for (const id of ['flight-1', 'flight-2'])
      await outboxB.enqueue({ ...outboxNotification(id), channelId: 'flight' }, T0);
    const only = { skipChannels: ['pager', 'hook', 'mail', 'lease'] };
    // gateway A is in the middle of a claim: its transaction holds flight-1's row lock
    const stuck = await a.connect();
    await stuck.query('BEGIN');
    await stuck.query(`SELECT id FROM outbox_messages WHERE id = 'flight-1' FOR UPDATE`);
    const { rows } = await stuck.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // B is not blocked by it: it skips the locked row and takes the other
    const meanwhile = await outboxB.claimDue(T0, 10, 30 * S, only);
    expect(meanwhile.map((m) => m.notification.id)).toEqual(['flight-2']);
    // A's connection dies (kill -9 of its process): its transaction and lock go with it
    stuck.on('error', () => {});
    await b.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    stuck.release(true);
    // pg_terminate_backend only signals: the lock goes when the backend has exited, not before
    const alive = 'SELECT 1 FROM pg_stat_activity WHERE pid = $1';
    while ((await b.query(alive, [rows[0]!.pid])).rowCount) await sleep(10);
    const after = await outboxB.claimDue(T0, 10, 30 * S, only);
    expect(after.map((m) => m.notification.id)).toEqual(['flight-1']);
  });
});
