import type { StoredSession } from './session-store.js';

/** SQLite tables of the sessions domain, applied in order by the store's migrate(). */
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

/** A row of `sessions` as both the SQLite and the Postgres store read it (times in ms). */
export interface SessionRow {
  id_hash: string;
  name: string;
  token_hash: string | null;
  created_at: number;
  expires_at: number;
}

export function sessionFromRow(row: SessionRow): StoredSession {
  return {
    idHash: row.id_hash,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
