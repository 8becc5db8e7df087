import type { StoredSession } from './session-store.js';
import { SQL_TYPES, type SqlDatabase } from '../sql-dialect.js';

/** What the `sessions` table says differently on SQLite and on Postgres. */
const SESSIONS_DIALECT = {
  // step 1 on SQLite came before `token_hash`: its step 2 adds the column
  sqlite: { tokenHash: '' },
  postgres: { tokenHash: '\n     token_hash TEXT,' },
};

/** The `sessions` table (times in ms), the same on both databases; applied steps never change. */
export function sessionsTable(database: SqlDatabase): string {
  const { ms } = SQL_TYPES[database];
  return `CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     name TEXT NOT NULL,${SESSIONS_DIALECT[database].tokenHash}
     created_at ${ms} NOT NULL,
     expires_at ${ms} NOT NULL
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);`;
}

/** SQLite tables of the sessions domain, applied in order by the store's migrate(). */
export const SESSION_MIGRATIONS = [
  sessionsTable('sqlite'),
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
