import type Database from 'better-sqlite3';
import { migrate } from '../migrate.js';
import { SESSION_MIGRATIONS, sessionFromRow, type SessionRow } from './session-schema.js';
import type { SessionStore, StoredSession } from './session-store.js';

/** Sessions in the shared SQLite file (table `sessions`). */
export class SqliteSessionStore implements SessionStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'sessions', SESSION_MIGRATIONS);
  }

  async insert(session: StoredSession): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO sessions (id_hash, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(session.idHash, session.name, session.tokenHash, session.createdAt, session.expiresAt);
  }

  async find(idHash: string, now: number): Promise<StoredSession | undefined> {
    const row = this.db
      .prepare<[string, number], SessionRow>(
        'SELECT * FROM sessions WHERE id_hash = ? AND expires_at > ?',
      )
      .get(idHash, now);
    return row ? sessionFromRow(row) : undefined;
  }

  async delete(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteExpired(now: number): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }

  async deleteUnlessTokenIn(tokenHashes: readonly string[]): Promise<number> {
    const kept = JSON.stringify([...tokenHashes]);
    return this.db
      .prepare(
        'DELETE FROM sessions WHERE token_hash IS NULL OR token_hash NOT IN (SELECT value FROM json_each(?))',
      )
      .run(kept).changes;
  }
}
