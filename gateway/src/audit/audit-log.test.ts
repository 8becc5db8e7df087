import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from '../store/database.js';
import type { Clock } from '../clock.js';
import { AuditLog, GENESIS_HASH, type AuditRecord } from './audit-log.js';

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

function setup(): { db: Database.Database; log: AuditLog; clock: ReturnType<typeof manualClock> } {
  const db = openDatabase(':memory:');
  const clock = manualClock();
  return { db, log: new AuditLog(db, clock), clock };
}

describe('AuditLog', () => {
  it('chains each entry to the previous one', () => {
    const { log } = setup();
    const first = log.append(record());
    const second = log.append(record({ actor: 'bob' }));
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.id).toBe(first.id + 1);
    expect(log.verify()).toEqual({ ok: true, checked: 2, brokenAt: null, reason: null });
  });

  it('refuses updates and deletes at the storage level', () => {
    const { db, log } = setup();
    log.append(record());
    expect(() => db.prepare("UPDATE audit SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
  });

  it.each([
    ['an altered field', "UPDATE audit SET actor = 'mallory' WHERE id = 2", 2, /content/],
    ['altered params', `UPDATE audit SET params = '{"region":"us"}' WHERE id = 3`, 3, /content/],
    ['a rewritten hash', "UPDATE audit SET hash = 'x' WHERE id = 2", 2, /content/],
    ['a removed row', 'DELETE FROM audit WHERE id = 2', 3, /missing/],
  ])('detects %s made behind its back', (_name, sql, brokenAt, reason) => {
    const { db, log } = setup();
    for (let i = 0; i < 4; i++) log.append(record({ params: { region: 'eu', n: i } }));
    // someone with the file drops the guards first
    db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    db.exec(sql);
    const result = log.verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(brokenAt);
    expect(result.reason).toMatch(reason);
  });

  it('detects a row recomputed to match itself but not its successor', () => {
    const { db, log } = setup();
    for (let i = 0; i < 3; i++) log.append(record());
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET actor = 'mallory', hash = ? WHERE id = 2").run('f'.repeat(64));
    const result = log.verify();
    expect(result).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('filters and pages newest first', () => {
    const { log, clock } = setup();
    for (let i = 0; i < 5; i++) {
      log.append(
        record({ actor: i % 2 ? 'bob' : 'alice', serviceId: i < 3 ? 'orders' : 'billing' }),
      );
      clock.advance(60_000);
    }
    const page1 = log.query({ limit: 2 });
    expect(page1.entries.map((e) => e.id)).toEqual([5, 4]);
    expect(page1.nextBefore).toBe(4);
    const page3 = log.query({ limit: 2, before: 2 });
    expect(page3).toMatchObject({ entries: [{ id: 1 }], nextBefore: null });
    expect(log.query({ limit: 10, actor: 'bob' }).entries.map((e) => e.id)).toEqual([4, 2]);
    expect(log.query({ limit: 10, service: 'billing' }).entries.map((e) => e.id)).toEqual([5, 4]);
    expect(
      log
        .query({ limit: 10, from: '2026-11-27T10:01:00Z', to: '2026-11-27T11:02:00+01:00' })
        .entries.map((e) => e.id),
    ).toEqual([3, 2]);
    expect([...log.iterate({ actor: 'alice' })].map((e) => e.id)).toEqual([1, 3, 5]);
  });

  it('resumes the chain after reopening the same database', () => {
    const { db, log, clock } = setup();
    log.append(record());
    const again = new AuditLog(db, clock);
    again.append(record());
    expect(again.verify()).toMatchObject({ ok: true, checked: 2 });
  });
});
