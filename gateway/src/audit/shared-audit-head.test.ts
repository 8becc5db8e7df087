import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { systemClock } from '../clock.js';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../testing/postgres-database.js';
import { openPgPool } from '../store/postgres/pg-pool.js';
import { PgAuditStore } from '../store/postgres/pg-audit-store.js';
import { FileHeadAnchor } from './audit-head.js';
import { AuditLog } from './audit-log.js';

/**
 * Issue 15 follow-up: on Postgres every gateway appends to one chain, so the signed head lives in
 * the database (written in the append's transaction), not only in each gateway's head file.
 */
describePostgres('the signed audit head of a chain shared by several gateways', () => {
  let database: TestDatabase;
  let dir: string;
  const pools: pg.Pool[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aether-shared-head-'));
  });
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
    await database.drop();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A gateway: its own pool, store and head file, on the shared database. */
  async function gateway(name: string, key: Buffer): Promise<AuditLog> {
    const pool = openPgPool({ url: database.url });
    pools.push(pool);
    const store = await PgAuditStore.open(pool);
    return new AuditLog(store, systemClock, {
      key,
      anchor: new FileHeadAnchor(join(dir, `${randomBytes(4).toString('hex')}-${name}.head.json`)),
    });
  }

  const record = (actor: string) =>
    ({ action: 'login', actor, target: 'session', detail: { n: actor } }) as const;

  /** Deletes the newest `count` rows the way someone with database access would. */
  async function deleteNewest(count: number): Promise<void> {
    const pool = openPgPool({ url: database.url });
    try {
      await pool.query('BEGIN');
      await pool.query('ALTER TABLE audit DISABLE TRIGGER audit_append_only');
      await pool.query('DELETE FROM audit WHERE id > (SELECT MAX(id) FROM audit) - $1', [count]);
      await pool.query('ALTER TABLE audit ENABLE TRIGGER audit_append_only');
      await pool.query('COMMIT');
    } finally {
      await pool.end();
    }
  }

  it('verify on either gateway covers every entry, whoever appended it', async () => {
    database = await createTestDatabase();
    const key = randomBytes(32);
    const a = await gateway('a', key);
    const b = await gateway('b', key);
    for (let i = 0; i < 6; i++) await (i % 2 ? b : a).record(record(`user-${i}`));
    // a's head file says entry 5; the chain reaches 6 (b's append): a's verify covers all 6
    for (const log of [a, b]) {
      const verified = await log.verify({ full: true });
      expect(verified).toMatchObject({ ok: true, checked: 6 });
      expect(verified.head?.id).toBe(6);
    }
    // incremental verifies after more appends on both: the checkpoint follows the shared head
    await a.record(record('late-a'));
    await b.record(record('late-b'));
    expect(await a.verify()).toMatchObject({ ok: true, head: { id: 8 } });
    expect(await b.verify()).toMatchObject({ ok: true, checked: 0, head: { id: 8 } });
  });

  it('deleting the newest rows fails verify on both gateways, even the one that did not append them', async () => {
    database = await createTestDatabase();
    const key = randomBytes(32);
    const a = await gateway('a', key);
    const b = await gateway('b', key);
    for (let i = 0; i < 5; i++) await a.record(record(`a-${i}`));
    await b.record(record('b-0'));
    await b.record(record('b-1'));
    expect(await a.verify()).toMatchObject({ ok: true, head: { id: 7 } });
    // remove b's two entries: a never appended them, its head file says 5
    await deleteNewest(2);
    for (const log of [a, b]) {
      // from the checkpoint (entry 7, now gone) and walking the whole chain alike
      expect(await log.verify()).toMatchObject({
        ok: false,
        brokenAt: 7,
        reason: expect.stringMatching(/missing/) as unknown,
      });
      const full = await log.verify({ full: true });
      expect(full).toMatchObject({ ok: false, brokenAt: 6, checked: 5 });
      expect(full.reason).toMatch(/entries 6–7 are missing/);
    }
  });

  it("a head row rolled back with the newest rows is caught by the appending gateway's own head file", async () => {
    database = await createTestDatabase();
    const a = await gateway('a', randomBytes(32));
    await a.record(record('alice'));
    await a.record(record('bob'));
    const pool = openPgPool({ url: database.url });
    pools.push(pool);
    const { rows } = await pool.query<{ id: number; hash: string; mac: string }>(
      `SELECT id, hash, mac FROM audit_marks WHERE name = 'head'`,
    );
    await a.record(record('carol'));
    // someone with database access removes entry 3 and puts back the head that named entry 2
    await deleteNewest(1);
    await pool.query(`UPDATE audit_marks SET id = $1, hash = $2, mac = $3 WHERE name = 'head'`, [
      rows[0]!.id,
      rows[0]!.hash,
      rows[0]!.mac,
    ]);
    const verified = await a.verify({ full: true });
    expect(verified).toMatchObject({ ok: false, brokenAt: 3 });
    expect(verified.reason).toMatch(/this gateway signed entry 3/);
  });

  it('a trail from before the database kept the head gets one at start, unless this gateway signed past its tail', async () => {
    database = await createTestDatabase();
    const key = randomBytes(32);
    const a = await gateway('a', key);
    for (const actor of ['alice', 'bob', 'carol']) await a.record(record(actor));
    const pool = openPgPool({ url: database.url });
    pools.push(pool);
    // as gateways before the shared head left it: rows, no head row
    await pool.query(`DELETE FROM audit_marks WHERE name = 'head'`);
    const b = await gateway('b', key);
    expect(await b.verify()).toMatchObject({ ok: false, brokenAt: 3 });
    await b.anchorExisting();
    expect(await b.verify({ full: true })).toMatchObject({ ok: true, checked: 3, head: { id: 3 } });
    // the newest row and the head row gone: a (its head file says 3) does not adopt entry 2
    await deleteNewest(1);
    await pool.query(`DELETE FROM audit_marks WHERE name = 'head'`);
    await a.anchorExisting();
    expect(await pool.query(`SELECT 1 FROM audit_marks WHERE name = 'head'`)).toMatchObject({
      rowCount: 0,
    });
    expect(await a.verify({ full: true })).toMatchObject({
      ok: false,
      reason: 'there is no signed head for this trail',
    });
  });

  it('a gateway with another key says the head signature is wrong', async () => {
    database = await createTestDatabase();
    const a = await gateway('a', randomBytes(32));
    await a.record(record('alice'));
    await a.record(record('bob'));
    const stranger = await gateway('stranger', randomBytes(32));
    const verified = await stranger.verify();
    expect(verified).toMatchObject({ ok: false, brokenAt: 2 });
    expect(verified.reason).toMatch(/signed head does not match its signature/);
  });
});
