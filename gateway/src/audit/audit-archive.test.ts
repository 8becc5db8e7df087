import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { openSqliteStores } from '../store/open-stores.js';
import { archiveAudit, verifyArchive } from './audit-archive.js';
import { AuditLog } from './audit-log.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const MINUTE = 60_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function trail(count: number) {
  let now = T0;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => now,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    advance: (ms) => void (now += ms),
  };
  const stores = openSqliteStores({ path: ':memory:' });
  const log = new AuditLog(stores.audit, clock);
  for (let i = 0; i < count; i++) {
    await log.record({ action: 'login', actor: `user-${i}`, target: 'session' });
    clock.advance(MINUTE);
  }
  const dir = mkdtempSync(join(tmpdir(), 'aether-archive-'));
  dirs.push(dir);
  return { stores, log, clock, dir };
}

const rows = async (stores: ReturnType<typeof openSqliteStores>) =>
  ((await stores.rawSql('SELECT id FROM audit ORDER BY id')) as Array<{ id: number }>).map(
    (r) => r.id,
  );

describe('archiving old audit entries', () => {
  it('moves entries past the cutoff to a file that verifies on its own, and the live chain still verifies', async () => {
    const { stores, log, dir } = await trail(10);
    const archived = await archiveAudit(log, stores.audit, { before: T0 + 5 * MINUTE, dir });
    expect(archived).toMatchObject({ firstId: 1, lastId: 5, entries: 5 });
    expect(await rows(stores)).toEqual([6, 7, 8, 9, 10]);
    expect(verifyArchive(archived!.file, log.key)).toMatchObject({
      ok: true,
      entries: 5,
      last: { id: 5 },
    });
    expect(await log.verify({ full: true })).toMatchObject({ ok: true, checked: 5, from: 5 });
    // new entries chain on as before
    await log.record({ action: 'logout', actor: 'user-1', target: 'session' });
    expect(await log.verify({ full: true })).toMatchObject({ ok: true, checked: 6 });
    // a second run continues where the first archive ended: the two files link up
    const next = await archiveAudit(log, stores.audit, { before: T0 + 8 * MINUTE, dir });
    const second = verifyArchive(next!.file, log.key);
    expect(second).toMatchObject({ ok: true, after: { id: 5 }, last: { id: 8 } });
    expect(await archiveAudit(log, stores.audit, { before: T0, dir })).toBeUndefined();
  });

  it('can archive everything: the signed boundary and head still agree', async () => {
    const { stores, log, dir } = await trail(3);
    await archiveAudit(log, stores.audit, { before: T0 + 60 * MINUTE, dir });
    expect(await rows(stores)).toEqual([]);
    expect(await log.verify({ full: true })).toMatchObject({
      ok: true,
      checked: 0,
      head: { id: 3 },
    });
  });

  it.each([
    [
      'an edited entry',
      (lines: string[]) => (lines[2] = lines[2]!.replace('user-1', 'mallory')),
      /content/,
    ],
    ['a removed entry', (lines: string[]) => lines.splice(2, 1), /missing/],
    [
      'a re-signed end',
      (lines: string[]) =>
        (lines[lines.length - 1] = JSON.stringify({
          ...(JSON.parse(lines.at(-1)!) as object),
          mac: 'ab'.repeat(32),
        })),
      /signature/,
    ],
  ])('finds %s in an archive file', async (_name, tamper, reason) => {
    const { stores, log, dir } = await trail(4);
    const { file } = (await archiveAudit(log, stores.audit, { before: T0 + 3 * MINUTE, dir }))!;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    tamper(lines);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = verifyArchive(file, log.key);
    expect(result.ok).toBe(false);
    expect((result as { reason: string }).reason).toMatch(reason);
  });

  it('refuses to archive a trail that does not verify', async () => {
    const { stores, log, dir } = await trail(3);
    await stores.rawSql('DROP TRIGGER audit_no_update');
    await stores.rawSql("UPDATE audit SET actor = 'mallory' WHERE id = 3");
    await expect(
      archiveAudit(log, stores.audit, { before: T0 + 60 * MINUTE, dir }),
    ).rejects.toThrow(/does not verify/);
    expect(await rows(stores)).toEqual([1, 2, 3]);
  });
});

describe('audit.retention', () => {
  it('archives what is older than the retention on each run, into audit.archiveDir', async () => {
    const { stores, log, clock, dir } = await trail(6);
    const { startAuditRetention, archiveDirOf } = await import('./audit-retention.js');
    expect(archiveDirOf(undefined, '/var/lib/aether/aether.db')).toBe(
      '/var/lib/aether/audit-archive',
    );
    expect(archiveDirOf(undefined, ':memory:')).toBeUndefined();
    const retention = startAuditRetention({
      log,
      clock,
      logger: (await import('pino')).pino({ level: 'silent' }),
      retentionMs: 3 * MINUTE,
      dir,
    });
    await retention.runOnce();
    retention.stop();
    // now = T0 + 6 min: entries at T0..T0+2min are past 3 minutes
    expect(await rows(stores)).toEqual([4, 5, 6]);
    expect(await log.verify({ full: true })).toMatchObject({ ok: true });
    expect(clock.now()).toBe(T0 + 6 * MINUTE);
  });
});
