/** Tables of the confirmations domain, applied in order by the store's migrate(). */
export const CONFIRM_TOKEN_MIGRATIONS = [
  `CREATE TABLE confirm_tokens (
     token_hash TEXT PRIMARY KEY,
     actor TEXT NOT NULL,
     service_id TEXT NOT NULL,
     operation_id TEXT NOT NULL,
     params_hash TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX confirm_tokens_expiry ON confirm_tokens (expires_at);`,
];
