import type { StoredConfirmation } from './confirm-token-store.js';
import { SQL_TYPES, type SqlDatabase } from '../sql-dialect.js';

/**
 * Step 1 of the confirmations domain on both databases, which differ only in the type of the ms
 * time (INTEGER on SQLite, BIGINT on Postgres). Applied steps never change: append new ones.
 */
export const confirmTokensTable = (database: SqlDatabase) =>
  `CREATE TABLE confirm_tokens (
     token_hash TEXT PRIMARY KEY,
     actor TEXT NOT NULL,
     service_id TEXT NOT NULL,
     operation_id TEXT NOT NULL,
     params_hash TEXT NOT NULL,
     expires_at ${SQL_TYPES[database].ms} NOT NULL
   );
   CREATE INDEX confirm_tokens_expiry ON confirm_tokens (expires_at);`;

/** Tables of the confirmations domain on SQLite, applied in order by the store's migrate(). */
export const CONFIRM_TOKEN_MIGRATIONS = [confirmTokensTable('sqlite')];

/** A row of `confirm_tokens` as both the SQLite and the Postgres store read it. */
export interface ConfirmRow {
  token_hash: string;
  actor: string;
  service_id: string;
  operation_id: string;
  params_hash: string;
  expires_at: number;
}

export function confirmationFromRow(row: ConfirmRow): StoredConfirmation {
  return {
    tokenHash: row.token_hash,
    actor: row.actor,
    serviceId: row.service_id,
    operationId: row.operation_id,
    paramsHash: row.params_hash,
    expiresAt: row.expires_at,
  };
}
