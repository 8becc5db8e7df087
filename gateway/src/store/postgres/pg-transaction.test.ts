import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describePostgres,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../../testing/postgres-database.js';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';
import { migratePg } from './pg-migrate.js';
import { openPgPool } from './pg-pool.js';
import { inTransaction } from './pg-transaction.js';

describePostgres('a connection cut in the middle of a transaction', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  beforeAll(async () => {
    database = await createTestDatabase();
    const server = new URL(TEST_POSTGRES_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  });
  afterAll(async () => {
    await proxy.close();
    await database.drop();
  });

  // without an 'error' listener on the checked-out client, the cut is an uncaught exception
  // (the process of a gateway would die; vitest reports it and fails the file)
  it.each([
    [
      'inTransaction',
      (pool: Parameters<typeof inTransaction>[0]) =>
        inTransaction(pool, (client) => client.query('SELECT pg_sleep(2)')),
    ],
    [
      'migratePg',
      (pool: Parameters<typeof inTransaction>[0]) =>
        migratePg(pool, 'slow', ['SELECT pg_sleep(2)']),
    ],
  ])('%s rejects, and nothing is thrown elsewhere', async (_name, run) => {
    const pool = openPgPool({ url: proxy.through(database.url) });
    try {
      const running = run(pool);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await proxy.cut();
      await expect(running).rejects.toThrow();
    } finally {
      await proxy.restore();
      await pool.end();
    }
  });
});
