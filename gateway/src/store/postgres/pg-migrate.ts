import type pg from 'pg';

/** Session-level advisory lock key taken around the creation of schema_migrations. */
const BOOKKEEPING_LOCK = 'aether:schema_migrations';

/**
 * Applies the steps of one domain (e.g. "results", "audit") that this database has not seen
 * yet, each in its own transaction, and records them in schema_migrations — the Postgres twin of
 * ../migrate.ts. Several gateways may start at once: a transaction-level advisory lock per
 * domain makes one of them migrate while the others wait and then find nothing to do. Steps are
 * append-only: step i is version i + 1.
 */
export async function migratePg(
  pool: pg.Pool,
  domain: string,
  steps: readonly string[],
): Promise<number> {
  const client = await pool.connect();
  // a connection cut while migrating must reject, not be an uncaught 'error' event (see
  // pg-transaction.ts); a broken client is destroyed instead of going back to the pool
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    // A session-level lock around the create: several gateways (or several domains of one
    // gateway) starting on a fresh database would otherwise race inside CREATE TABLE IF NOT
    // EXISTS, and the loser's duplicate key on pg_type lands in Postgres' log as an error.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [BOOKKEEPING_LOCK]);
    try {
      await client
        .query(
          `CREATE TABLE IF NOT EXISTS schema_migrations (
      domain TEXT NOT NULL,
      version INTEGER NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (domain, version)
    )`,
        )
        .catch((error: unknown) => {
          // Still tolerated for an older gateway (without the lock) starting at the same instant.
          if (!isUniqueViolation(error)) throw error;
        });
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [BOOKKEEPING_LOCK]);
    }
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${domain}`]);
      const { rows } = await client.query<{ version: number | null }>(
        'SELECT MAX(version) AS version FROM schema_migrations WHERE domain = $1',
        [domain],
      );
      const current = rows[0]?.version ?? 0;
      if (current > steps.length) {
        throw new Error(
          `database has ${domain} schema version ${current}, this gateway knows only ${steps.length}: refusing to run an older gateway on a newer database`,
        );
      }
      for (let version = current + 1; version <= steps.length; version++) {
        await client.query(steps[version - 1]!);
        await client.query('INSERT INTO schema_migrations (domain, version) VALUES ($1, $2)', [
          domain,
          version,
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    return steps.length;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
  // 23505: the catalog's unique index; 42P07: the table exists; 42710: its row type exists (the
  // loser of the race sees whichever the winner's transaction committed first)
  return code === '23505' || code === '42P07' || code === '42710';
}
