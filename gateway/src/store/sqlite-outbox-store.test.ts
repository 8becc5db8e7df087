import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { outboxNotification, outboxStoreSuite } from './outbox-store.suite.js';
import { SqliteOutboxStore } from './sqlite-outbox-store.js';

outboxStoreSuite('SqliteOutboxStore', () => new SqliteOutboxStore(openDatabase(':memory:')));

describe('SqliteOutboxStore on a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aether-outbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const T0 = Date.UTC(2026, 0, 1);

  it('pending messages, their attempts and a crashed sender’s lease survive reopening the file', async () => {
    const path = join(dir, 'aether.db');
    let db = openDatabase(path);
    let store = new SqliteOutboxStore(db);
    await store.enqueue(outboxNotification('retrying'), T0);
    await store.enqueue(outboxNotification('in-flight'), T0);
    await store.enqueue(outboxNotification('done'), T0);
    await store.claimDue(T0, 10, 60_000);
    await store.recordAttempt(
      'retrying',
      { at: new Date(T0).toISOString(), outcome: 'retrying', error: 'ECONNREFUSED' },
      { state: 'pending', nextAttemptAtMs: T0 + 1000 },
    );
    await store.recordAttempt(
      'done',
      { at: new Date(T0).toISOString(), outcome: 'delivered', status: 200 },
      { state: 'delivered' },
    );
    // 'in-flight' was claimed and never recorded: the process died mid-attempt.
    db.close();

    db = openDatabase(path);
    store = new SqliteOutboxStore(db);
    expect(await store.countPending()).toBe(2);
    expect((await store.get('retrying'))?.attempts).toHaveLength(1);
    expect((await store.claimDue(T0 + 1000, 10, 60_000)).map((m) => m.notification.id)).toEqual([
      'retrying',
    ]);
    expect((await store.claimDue(T0 + 60_000, 10, 60_000)).map((m) => m.notification.id)).toEqual([
      'in-flight',
    ]);
    db.close();
  });
});
