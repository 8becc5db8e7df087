import pg from 'pg';

export interface PgPoolOptions {
  /** postgres://user:pass@host:port/db */
  url: string;
  /** Connections at most; a gateway needs few: probe writes are batched. */
  max?: number;
  /** Called when an idle connection breaks (the server restarted): the pool reconnects on its own. */
  onError?: (error: Error) => void;
}

/**
 * Opens a connection pool to Postgres. BIGINT columns (timestamps in ms, counts) come back as
 * JavaScript numbers, not strings: every value we store fits in 2^53.
 */
export function openPgPool({ url, max = 8, onError }: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle client's error (server restart) would crash the process.
  pool.on('error', (error) => onError?.(error));
  return pool;
}

// 20 = int8 (BIGINT), 1700 = numeric: parse as numbers once for every pool of the process.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));
