import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { systemClock } from '../clock.js';
import { AetherConfig } from '../config/schema.js';
import { EventBus } from '../events/bus.js';
import { openSqliteStores } from '../store/open-stores.js';
import { openAuditLog } from './open-audit-log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A gateway's audit log on a real SQLite file; open it again on the same folder for a restart. */
async function open(dir: string, env: NodeJS.ProcessEnv = {}, audit: Record<string, unknown> = {}) {
  const config = AetherConfig.parse({ storage: { sqlite: join(dir, 'aether.db') }, audit });
  const stores = openSqliteStores({ path: config.storage.sqlite });
  const log = await openAuditLog({
    config,
    store: stores.audit,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    events: new EventBus(),
    env,
  });
  return { stores, log };
}

const entry = { action: 'login', actor: 'alice', role: 'operator', target: 'session' } as const;

describe('the audit key and the signed head on disk', () => {
  it('creates the key file with mode 0600 next to the database and writes the head on every append', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-audit-'));
    dirs.push(dir);
    const { stores, log } = await open(dir);
    expect(statSync(join(dir, 'audit.key')).mode & 0o777).toBe(0o600);
    await log.record(entry);
    const second = await log.record(entry);
    const head = JSON.parse(readFileSync(join(dir, 'aether.db.audit-head.json'), 'utf8'));
    expect(head).toMatchObject({ id: 2, hash: second.hash, count: 2 });
    await stores.close();
  });

  it.each([
    ['the newest rows', 'DELETE FROM audit WHERE id > 1'],
    ['every row', 'DELETE FROM audit'],
  ])('a restarted gateway finds %s deleted in the file', async (_name, sql) => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-audit-'));
    dirs.push(dir);
    const first = await open(dir);
    for (let i = 0; i < 3; i++) await first.log.record(entry);
    expect(await first.log.verify()).toMatchObject({ ok: true, checked: 3 });
    await first.stores.rawSql('DROP TRIGGER audit_no_delete');
    await first.stores.rawSql(sql);
    await first.stores.close();
    const again = await open(dir);
    expect(await again.log.verify()).toMatchObject({ ok: false, head: { id: 3 } });
    await again.stores.close();
  });

  it('does not re-sign a trail whose head file was deleted along with its newest rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-audit-'));
    dirs.push(dir);
    const first = await open(dir);
    for (let i = 0; i < 3; i++) await first.log.record(entry);
    await first.stores.rawSql('DROP TRIGGER audit_no_delete');
    await first.stores.rawSql('DELETE FROM audit WHERE id > 1');
    await first.stores.close();
    rmSync(join(dir, 'aether.db.audit-head.json'));
    const again = await open(dir);
    expect(await again.log.verify()).toMatchObject({ ok: false, reason: /no signed head/ });
    await again.stores.close();
  });

  it('finds every row deleted together with the head file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-audit-'));
    dirs.push(dir);
    const first = await open(dir);
    for (let i = 0; i < 2; i++) await first.log.record(entry);
    await first.stores.rawSql('DROP TRIGGER audit_no_delete');
    await first.stores.rawSql('DELETE FROM audit');
    await first.stores.close();
    rmSync(join(dir, 'aether.db.audit-head.json'));
    const again = await open(dir);
    expect(await again.log.verify()).toMatchObject({ ok: false, reason: /every entry/ });
    await again.stores.close();
  });

  it('takes AETHER_AUDIT_KEY instead of a file, and a head signed with another key fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-audit-'));
    dirs.push(dir);
    const first = await open(dir, { AETHER_AUDIT_KEY: 'k'.repeat(40) });
    await first.log.record(entry);
    expect(() => statSync(join(dir, 'audit.key'))).toThrow();
    await first.stores.close();
    const other = await open(dir, { AETHER_AUDIT_KEY: 'x'.repeat(40) });
    expect(await other.log.verify()).toMatchObject({ ok: false, reason: /signature/ });
    await other.stores.close();
    await expect(open(dir, { AETHER_AUDIT_KEY: 'short' })).rejects.toThrow(/too short/);
  });
});
