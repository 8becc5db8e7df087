import type { Database } from './gateway-store.js';

export interface TableStats {
  rows: number;
  /** Bytes of the table's pages (dbstat), including the unused space in them. */
  bytes: number;
  bytesPerRow: number;
}

/** The tables that grow with results, per gateway/src/store/sqlite-store.ts. */
export const RESULT_TABLES = [
  'results_raw',
  'rollup_minute',
  'rollup_hour',
  'check_states',
] as const;

/** Rows and on-disk bytes of each result table, from SQLite's dbstat virtual table. */
export function tableStats(db: Database): Record<(typeof RESULT_TABLES)[number], TableStats> {
  const bytes = new Map(
    (
      db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as {
        name: string;
        bytes: number;
      }[]
    ).map((r) => [r.name, r.bytes]),
  );
  const out = {} as Record<(typeof RESULT_TABLES)[number], TableStats>;
  for (const table of RESULT_TABLES) {
    const rows = (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const b = bytes.get(table) ?? 0;
    out[table] = { rows, bytes: b, bytesPerRow: rows > 0 ? b / rows : Number.NaN };
  }
  return out;
}
