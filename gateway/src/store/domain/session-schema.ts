/** Tables of the sessions domain, applied in order by the store's migrate(). */
export const SESSION_MIGRATIONS = [
  `CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);`,
  // the SHA-256 of the token the session was made from: when it leaves the config, so does the session
  `ALTER TABLE sessions ADD COLUMN token_hash TEXT;`,
];
