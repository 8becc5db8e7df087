import type pg from 'pg';

/**
 * Runs `work` on one connection inside BEGIN … COMMIT, rolling back when it throws. The client is
 * released either way; a client whose ROLLBACK failed too (the connection broke) is destroyed
 * rather than handed back to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // a checked-out client has no listener of the pool's: without one, a connection cut in the
  // middle of the work is an uncaught 'error' event that ends the process (the query rejects too)
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
