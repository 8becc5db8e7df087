import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertStoreSuite } from './alert-store.suite.js';
import { openDatabase } from './database.js';
import { SqliteAlertStore } from './sqlite-alert-store.js';

alertStoreSuite('SqliteAlertStore', () => new SqliteAlertStore(openDatabase(':memory:')));

describe('SqliteAlertStore on a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aether-alerts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps unresolved alerts across reopening the database', async () => {
    const path = join(dir, 'aether.db');
    let db = openDatabase(path);
    const record = {
      alert: {
        id: 'a1',
        state: 'firing' as const,
        service: { id: 'orders', name: 'Orders', group: 'shop', tags: [] },
        check: { id: 'health', type: 'http' as const },
        cause: 'refused: connection refused',
        since: '2026-01-01T00:00:00.000Z',
      },
      told: ['oncall'],
      escalated: false,
    };
    await new SqliteAlertStore(db).save([record]);
    db.close();
    db = openDatabase(path);
    expect(await new SqliteAlertStore(db).unresolved()).toEqual([record]);
    db.close();
  });
});
