import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { maintenanceStoreSuite } from './maintenance-store.suite.js';
import { SqliteMaintenanceStore } from './sqlite-maintenance-store.js';

maintenanceStoreSuite(
  'SqliteMaintenanceStore',
  () => new SqliteMaintenanceStore(openDatabase(':memory:')),
);

describe('SqliteMaintenanceStore on a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aether-maintenance-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps windows across reopening the database', async () => {
    const path = join(dir, 'aether.db');
    let db = openDatabase(path);
    const created = await new SqliteMaintenanceStore(db).create({
      match: { groups: ['shop'] },
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-01-01T01:00:00.000Z',
      reason: 'deploy orders 1.4.2',
      createdBy: 'ci',
    });
    db.close();
    db = openDatabase(path);
    expect(await new SqliteMaintenanceStore(db).get(created.id)).toEqual(created);
    db.close();
  });
});
