import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './database.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

const PAGE = 4096;

describe('startWalCheckpointer', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-wal-'));
    dirs.push(dir);
    return dir;
  };
  /** One commit of `pages` pages of new rows: past SQLite's own 1,000-page checkpoint. */
  const write = (db: ReturnType<typeof openDatabase>, pages: number) => {
    const insert = db.prepare('INSERT INTO blobs (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < pages; i++) insert.run(Buffer.alloc(PAGE - 100, i % 251));
    })();
  };

  it('copies the WAL back in its own thread, not in the commit that fills it', async () => {
    const path = join(tempDir(), 'a.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB)');
    // no timed checkpoint during the test: only the one asked for
    const checkpointer = startWalCheckpointer(db, path, { everyMs: 3_600_000 });
    write(db, 2000);
    // SQLite's own checkpoint would have copied ~8 MB into the file inside the commit
    expect(statSync(path).size).toBeLessThan(1000 * PAGE);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(2000 * PAGE);

    const outcome = await checkpointer.checkpointNow();
    expect(outcome?.log).toBeGreaterThan(2000);
    expect(outcome?.copied).toBe(outcome?.log);
    expect(statSync(path).size).toBeGreaterThan(2000 * PAGE);
    expect(db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 2000 });

    await checkpointer.stop();
    expect(await checkpointer.checkpointNow()).toBeUndefined();
    db.close();
    // the last connection to close removes the WAL: the thread's connection is closed too
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('hands checkpoints back to the writing connection when its thread fails', async () => {
    const dir = tempDir();
    const path = join(dir, 'a.db');
    const db = openDatabase(path);
    const onError = vi.fn();
    // a folder cannot be opened as a database: the thread fails at once
    const checkpointer = startWalCheckpointer(db, dir, { onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(await checkpointer.checkpointNow()).toBeUndefined();
    await checkpointer.stop();
    db.close();
  });
});
