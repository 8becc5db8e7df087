import type { SessionStore, StoredSession } from '../domain/session-store.js';
import { sessionFromRow, sessionsTable, type SessionRow } from '../domain/session-schema.js';
import { PgStore, pgStoreOpener } from './pg-store.js';

/** Browser sessions in Postgres (table `sessions`), shared by every gateway of a system. */
export class PgSessionStore extends PgStore implements SessionStore {
  /** Migrates the sessions domain and returns the store. */
  static readonly open = pgStoreOpener('sessions', [sessionsTable('postgres')], PgSessionStore);

  async insert(session: StoredSession): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (id_hash, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [session.idHash, session.name, session.tokenHash, session.createdAt, session.expiresAt],
    );
  }

  async find(idHash: string, now: number): Promise<StoredSession | undefined> {
    const { rows } = await this.pool.query<SessionRow>(
      'SELECT * FROM sessions WHERE id_hash = $1 AND expires_at > $2',
      [idHash, now],
    );
    const row = rows[0];
    return row ? sessionFromRow(row) : undefined;
  }

  async delete(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteExpired(now: number): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  }

  async deleteUnlessTokenIn(tokenHashes: readonly string[]): Promise<number> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM sessions WHERE token_hash IS NULL OR NOT (token_hash = ANY ($1::text[]))',
      [[...tokenHashes]],
    );
    return rowCount ?? 0;
  }
}
