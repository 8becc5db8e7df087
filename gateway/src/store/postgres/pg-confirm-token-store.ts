import type pg from 'pg';
import type { ConfirmTokenStore, StoredConfirmation } from '../domain/confirm-token-store.js';
import { confirmationFromRow, type ConfirmRow } from '../domain/confirm-token-schema.js';
import { migratePg } from './pg-migrate.js';
import './pg-pool.js'; // BIGINT columns come back as numbers

/** Steps of the confirmations domain on Postgres; append only (see pg-migrate.ts). */
const CONFIRM_TOKEN_MIGRATIONS = [
  `CREATE TABLE confirm_tokens (
     token_hash TEXT PRIMARY KEY,
     actor TEXT NOT NULL,
     service_id TEXT NOT NULL,
     operation_id TEXT NOT NULL,
     params_hash TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   );
   CREATE INDEX confirm_tokens_expiry ON confirm_tokens (expires_at);`,
];

/**
 * Confirmation tokens in Postgres (table `confirm_tokens`): a token confirmed on one gateway can
 * be spent on another, and only once across all of them (spending is one DELETE: of two gateways
 * racing, the second waits on the row lock and then finds it gone).
 */
export class PgConfirmTokenStore implements ConfirmTokenStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Migrates the confirmations domain and returns the store. */
  static async open(pool: pg.Pool): Promise<PgConfirmTokenStore> {
    await migratePg(pool, 'confirmations', CONFIRM_TOKEN_MIGRATIONS);
    return new PgConfirmTokenStore(pool);
  }

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
