import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { openDatabase } from './database.js';
import { SqliteResultStore } from './sqlite-store.js';
import { expectResumesAfterRestart, resultStoreSuite } from './store.suite.js';

resultStoreSuite(
  'SqliteResultStore',
  (options) => new SqliteResultStore(openDatabase(':memory:'), options),
);

describe('SqliteResultStore on a file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempPath = () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-store-'));
    dirs.push(dir);
    return join(dir, 'nested', 'aether.db');
  };

  it('resumes after a restart: results, open rollup buckets, uptime, states and incidents', async () => {
    const path = tempPath();
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    let db = openDatabase(path);
    let store = new SqliteResultStore(db, { clock, closeGraceMs: 1000 });
    await expectResumesAfterRestart(clock, store, async () => {
      db.close();
      db = openDatabase(path);
      store = new SqliteResultStore(db, { clock, closeGraceMs: 1000 });
      return store;
    });
    await store.close();
    db.close();
  });

  it('opens in WAL mode with the agreed pragmas', async () => {
    const db = openDatabase(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });
});
