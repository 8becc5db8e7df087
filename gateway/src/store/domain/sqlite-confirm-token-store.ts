import type Database from 'better-sqlite3';
import { migrate } from '../migrate.js';
import {
  CONFIRM_TOKEN_MIGRATIONS,
  confirmationFromRow,
  type ConfirmRow,
} from './confirm-token-schema.js';
import type { ConfirmTokenStore, StoredConfirmation } from './confirm-token-store.js';

/** Confirmation tokens in the shared SQLite file (table `confirm_tokens`). */
export class SqliteConfirmTokenStore implements ConfirmTokenStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'confirmations', CONFIRM_TOKEN_MIGRATIONS);
  }

  async put(c: StoredConfirmation): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO confirm_tokens (token_hash, actor, service_id, operation_id, params_hash, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(c.tokenHash, c.actor, c.serviceId, c.operationId, c.paramsHash, c.expiresAt);
  }

  async get(tokenHash: string): Promise<StoredConfirmation | undefined> {
    const row = this.db
      .prepare<[string], ConfirmRow>('SELECT * FROM confirm_tokens WHERE token_hash = ?')
      .get(tokenHash);
    return row ? confirmationFromRow(row) : undefined;
  }

  async spend(tokenHash: string): Promise<boolean> {
    return (
      this.db.prepare('DELETE FROM confirm_tokens WHERE token_hash = ?').run(tokenHash).changes ===
      1
    );
  }

  async deleteExpired(now: number): Promise<void> {
    this.db.prepare('DELETE FROM confirm_tokens WHERE expires_at <= ?').run(now);
  }
}
