/**
 * The column types that differ between the SQLite and the Postgres stores, for the CREATE TABLEs
 * both write from one text: ms times (INTEGER is 64-bit on SQLite, BIGINT on Postgres) and text
 * ids that order bytewise on ties (SQLite compares TEXT bytewise; Postgres needs COLLATE "C").
 */
export const SQL_TYPES = {
  sqlite: { ms: 'INTEGER', sortedId: 'TEXT' },
  postgres: { ms: 'BIGINT', sortedId: 'TEXT COLLATE "C"' },
} as const;

export type SqlDatabase = keyof typeof SQL_TYPES;
