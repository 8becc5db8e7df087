import type { ConfirmTokenStore, StoredConfirmation } from '../domain/confirm-token-store.js';
import {
  confirmationFromRow,
  confirmTokensTable,
  type ConfirmRow,
} from '../domain/confirm-token-schema.js';
import { PgStore, pgStoreOpener } from './pg-store.js';

/**
 * Confirmation tokens in Postgres (table `confirm_tokens`): a token confirmed on one gateway can
 * be spent on another, and only once across all of them (spending is one DELETE: of two gateways
 * racing, the second waits on the row lock and then finds it gone).
 */
export class PgConfirmTokenStore extends PgStore implements ConfirmTokenStore {
  /** Migrates the confirmations domain (steps: confirm-token-schema.ts) and returns the store. */
  static readonly open = pgStoreOpener(
    'confirmations',
    [confirmTokensTable('postgres')],
    PgConfirmTokenStore,
  );

  async put(c: StoredConfirmation): Promise<void> {
    await this.pool.query(
      `INSERT INTO confirm_tokens (token_hash, actor, service_id, operation_id, params_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.tokenHash, c.actor, c.serviceId, c.operationId, c.paramsHash, c.expiresAt],
    );
  }

  async get(tokenHash: string): Promise<StoredConfirmation | undefined> {
    const { rows } = await this.pool.query<ConfirmRow>(
      'SELECT * FROM confirm_tokens WHERE token_hash = $1',
      [tokenHash],
    );
    const row = rows[0];
    return row ? confirmationFromRow(row) : undefined;
  }

  async spend(tokenHash: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM confirm_tokens WHERE token_hash = $1', [
      tokenHash,
    ]);
    return rowCount === 1;
  }

  async deleteExpired(now: number): Promise<void> {
    await this.pool.query('DELETE FROM confirm_tokens WHERE expires_at <= $1', [now]);
  }
}
