import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@aether/contract';
import { openSqliteStores } from '../store/open-stores.js';
import type { Clock } from '../clock.js';
import { MemoryHeadAnchor } from './audit-head.js';
import { AuditLog, GENESIS_HASH, hashEntry, type AuditRecord } from './audit-log.js';

function manualClock(
  start = Date.parse('2026-11-27T10:00:00Z'),
): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    advance: (ms) => void (now += ms),
  };
}

const record = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  actor: 'alice',
  role: 'operator',
  action: 'invoke',
  serviceId: 'orders',
  operationId: 'flush-cache',
  params: { region: 'eu' },
  outcome: 'ok',
  httpStatus: 200,
  durationMs: 12.5,
  reason: null,
  approvalId: null,
  ...over,
});

function setup() {
  const stores = openSqliteStores({ path: ':memory:' });
  const clock = manualClock();
  return { stores, log: new AuditLog(stores.audit, clock), clock };
}

/** Someone with the file drops the guards first. */
async function dropGuards(stores: ReturnType<typeof setup>['stores']): Promise<void> {
  await stores.rawSql('DROP TRIGGER audit_no_update');
  await stores.rawSql('DROP TRIGGER audit_no_delete');
}

describe('AuditLog', () => {
  it('chains each entry to the previous one', async () => {
    const { log } = setup();
    const first = await log.append(record());
    const second = await log.append(record({ actor: 'bob' }));
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.id).toBe(first.id + 1);
    expect(await log.verify()).toMatchObject({
      ok: true,
      checked: 2,
      brokenAt: null,
      reason: null,
    });
  });

  it.each([
    ['an altered field', "UPDATE audit SET actor = 'mallory' WHERE id = 2", 2, /content/],
    // the time is part of what is hashed: moving an entry in time must not go unnoticed
    [
      'an altered time',
      "UPDATE audit SET at = '2026-11-27T09:00:00.000Z' WHERE id = 2",
      2,
      /content/,
    ],
    ['altered params', `UPDATE audit SET params = '{"region":"us"}' WHERE id = 3`, 3, /content/],
    ['a rewritten hash', "UPDATE audit SET hash = 'x' WHERE id = 2", 2, /content/],
    ['a removed row', 'DELETE FROM audit WHERE id = 2', 3, /missing/],
  ])('detects %s made behind its back', async (_name, sql, brokenAt, reason) => {
    const { stores, log, clock } = setup();
    for (let i = 0; i < 4; i++) {
      await log.append(record({ params: { region: 'eu', n: i } }));
      clock.advance(1000);
    }
    await dropGuards(stores);
    await stores.rawSql(sql);
    const result = await log.verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(brokenAt);
    expect(result.reason).toMatch(reason);
  });

  it('detects a row recomputed to match itself but not its successor', async () => {
    const { stores, log } = setup();
    for (let i = 0; i < 3; i++) await log.append(record());
    await dropGuards(stores);
    // rewrite entry 2 and give it the hash its new content really has: it holds on its own
    const [original] = (await stores.rawSql('SELECT prev_hash FROM audit WHERE id = 2')) as Array<{
      prev_hash: string;
    }>;
    const entry2 = (await log.query({ limit: 1, before: 3 })).entries[0]!;
    const { hash: _hash, prevHash, ...body } = { ...entry2, actor: 'mallory' } as AuditEntry;
    expect(prevHash).toBe(original!.prev_hash);
    await stores.rawSql(
      "UPDATE audit SET actor = 'mallory', hash = ? WHERE id = 2",
      hashEntry(prevHash, body),
    );
    const result = await log.verify();
    // entry 2 checks out; entry 3 still links to the old hash of entry 2
    expect(result).toMatchObject({
      ok: false,
      checked: 2,
      brokenAt: 3,
      reason: 'prevHash does not match the previous entry',
    });
  });

  it('filters and pages newest first', async () => {
    const { log, clock } = setup();
    for (let i = 0; i < 5; i++) {
      await log.append(
        record({ actor: i % 2 ? 'bob' : 'alice', serviceId: i < 3 ? 'orders' : 'billing' }),
      );
      clock.advance(60_000);
    }
    const page1 = await log.query({ limit: 2 });
    expect(page1.entries.map((e) => e.id)).toEqual([5, 4]);
    expect(page1.nextBefore).toBe(4);
    const page3 = await log.query({ limit: 2, before: 2 });
    expect(page3).toMatchObject({ entries: [{ id: 1 }], nextBefore: null });
    // a page that holds exactly the last `limit` entries has no next page
    expect(await log.query({ limit: 5 })).toMatchObject({ nextBefore: null });
    expect((await log.query({ limit: 10, actor: 'bob' })).entries.map((e) => e.id)).toEqual([4, 2]);
    const inRange = await log.query({
      limit: 10,
      from: '2026-11-27T10:01:00Z',
      to: '2026-11-27T11:02:00+01:00',
    });
    expect(inRange.entries.map((e) => e.id)).toEqual([3, 2]);
    const alice: number[] = [];
    for await (const entry of log.iterate({ actor: 'alice' })) alice.push(entry.id);
    expect(alice).toEqual([1, 3, 5]);
  });

  it('resumes the chain with a new log over the same store', async () => {
    const { stores, log, clock } = setup();
    await log.append(record());
    const again = new AuditLog(stores.audit, clock);
    await again.append(record());
    expect(await again.verify()).toMatchObject({ ok: true, checked: 2 });
  });

  it('walks only what was appended since the last verified checkpoint', async () => {
    const { log } = setup();
    for (let i = 0; i < 5; i++) await log.append(record());
    expect(await log.verify()).toMatchObject({ ok: true, checked: 5, from: 0 });
    for (let i = 0; i < 3; i++) await log.append(record());
    expect(await log.verify()).toMatchObject({ ok: true, checked: 3, from: 5, head: { id: 8 } });
    expect(await log.verify()).toMatchObject({ ok: true, checked: 0, from: 8 });
    expect(await log.verify({ full: true })).toMatchObject({ ok: true, checked: 8, from: 0 });
  });

  it('still finds an edit behind the checkpoint with a full walk, and a changed checkpoint entry always', async () => {
    const { stores, log } = setup();
    for (let i = 0; i < 4; i++) await log.append(record());
    await log.verify();
    await dropGuards(stores);
    await stores.rawSql("UPDATE audit SET actor = 'mallory' WHERE id = 2");
    expect(await log.verify({ full: true })).toMatchObject({ ok: false, brokenAt: 2 });
    await stores.rawSql("UPDATE audit SET hash = 'x' WHERE id = 4");
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('gives the event loop a turn while it walks a long chain', async () => {
    const { log } = setup();
    for (let i = 0; i < 1_200; i++) await log.append(record());
    let turns = 0;
    const tick = () => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    let done = false;
    setImmediate(tick);
    const result = await log.verify();
    done = true;
    expect(result).toMatchObject({ ok: true, checked: 1_200 });
    // three slices of 500: the loop ran other work between them
    expect(turns).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['the newest rows', 'DELETE FROM audit WHERE id > 3', 4, /entries 4–5 are missing/],
    ['every row', 'DELETE FROM audit', 1, /entries 1–5 are missing/],
  ])('finds %s deleted, against the signed head', async (_name, sql, brokenAt, reason) => {
    const { stores, log } = setup();
    for (let i = 0; i < 5; i++) await log.append(record());
    await dropGuards(stores);
    await stores.rawSql(sql);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, brokenAt, head: { id: 5, count: 5 } });
    expect(result.reason).toMatch(reason);
  });

  it('refuses a head signed with another key, and a trail with rows but no head', async () => {
    const { stores, clock } = setup();
    const anchor = new MemoryHeadAnchor();
    const log = new AuditLog(stores.audit, clock, { anchor });
    await log.append(record());
    const forger = new AuditLog(stores.audit, clock, { anchor });
    await forger.append(record());
    expect(await log.verify()).toMatchObject({ ok: false, reason: /signature/ });
    const headless = new AuditLog(stores.audit, clock);
    expect(await headless.verify()).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: /no signed head/,
    });
    // an anchored trail that lost its head is not re-signed: rows may have gone with it
    await headless.anchorExisting();
    expect(await headless.verify()).toMatchObject({ ok: false, reason: /no signed head/ });
    // a trail from before heads were signed (no `anchored` mark) is adopted, once
    await stores.rawSql("DELETE FROM audit_marks WHERE name = 'anchored'");
    await headless.anchorExisting();
    expect(await headless.verify()).toMatchObject({ ok: true, checked: 2 });
  });

  it('takes entries of other domains in the same chain: record()', async () => {
    const { log } = setup();
    await log.append(record());
    const login = await log.record({
      action: 'login',
      actor: 'alice',
      role: 'operator',
      target: 'session',
    });
    const panel = await log.record({
      action: 'panel-register',
      actor: 'ada',
      role: 'admin',
      target: 'panel:health',
      detail: { version: '1.2.0' },
    });
    expect(login).toMatchObject({ action: 'login', target: 'session', serviceId: '', params: {} });
    expect(panel.prevHash).toBe(login.hash);
    const stored = (await log.query({ limit: 1 })).entries[0]!;
    expect(stored).toEqual(panel);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 3 });
  });
});
