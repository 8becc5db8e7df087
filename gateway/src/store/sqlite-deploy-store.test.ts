import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { deployStoreSuite } from './deploy-store.suite.js';
import { SqliteDeployStore } from './sqlite-deploy-store.js';

deployStoreSuite('SqliteDeployStore', () => new SqliteDeployStore(openDatabase(':memory:')));

describe('SqliteDeployStore on a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aether-deploys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps deploys, finished or not, across reopening the database', async () => {
    const path = join(dir, 'aether.db');
    let db = openDatabase(path);
    const store = new SqliteDeployStore(db);
    const running = await store.create({
      services: ['orders'],
      version: '1.4.2',
      description: 'pricing',
      by: 'ci',
      startedAt: '2026-01-01T00:00:00.000Z',
      failingBefore: {},
    });
    const finished = await store.finish((await store.create({ ...running, version: '1.4.1' })).id, {
      outcome: 'succeeded',
      atMs: Date.UTC(2026, 0, 1, 0, 5),
      by: 'ci',
    });
    db.close();
    db = openDatabase(path);
    const reopened = new SqliteDeployStore(db);
    expect(await reopened.get(running.id)).toEqual(running);
    expect(await reopened.get(finished!.id)).toEqual(finished);
    db.close();
  });
});
