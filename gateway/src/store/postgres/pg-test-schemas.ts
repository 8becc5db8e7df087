import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/postgres-database.js';
import { openPgPool } from './pg-pool.js';

export interface PgTestSchemas {
  /**
   * A pool whose connections see only a new, empty schema of the file's test database: each test
   * of a conformance suite starts from empty tables without a database of its own per test.
   */
  freshPool(): Promise<pg.Pool>;
  /** A pool on the file's test database itself (the public schema). */
  pool(): pg.Pool;
  /** The URL of the file's test database (for a pool a test ends itself). */
  url(): string;
  /** Another pool on the same database, as a second gateway process would have; ended after the file. */
  secondPool(max?: number): pg.Pool;
}

/**
 * For use inside `describePostgres`: makes one test database for the file (dropped after it) and
 * hands out pools on fresh schemas of it; every pool handed out is ended after the file. `max` is
 * the size of the pool on the database itself (`pool()`).
 */
export function usePgTestSchemas({ max = 2 }: { max?: number } = {}): PgTestSchemas {
  let database: TestDatabase | undefined;
  let main: pg.Pool | undefined;
  const pools: pg.Pool[] = [];
  let schemas = 0;
  beforeAll(async () => {
    database = await createTestDatabase();
    main = openPgPool({ url: database.url, max });
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await main?.end();
    await database?.drop();
  });
  return {
    async freshPool() {
      if (!database || !main)
        throw new Error('usePgTestSchemas: the test database is not made yet');
      const schema = `t${++schemas}`;
      await main.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(database.url);
      // every connection of this pool resolves unqualified names in the test's own schema
      url.searchParams.set('options', `-c search_path=${schema}`);
      const pool = openPgPool({ url: url.toString(), max: 4 });
      pools.push(pool);
      return pool;
    },
    pool() {
      if (!main) throw new Error('usePgTestSchemas: the test database is not made yet');
      return main;
    },
    url() {
      if (!database) throw new Error('usePgTestSchemas: the test database is not made yet');
      return database.url;
    },
    secondPool(size = max) {
      if (!database) throw new Error('usePgTestSchemas: the test database is not made yet');
      const pool = openPgPool({ url: database.url, max: size });
      pools.push(pool);
      return pool;
    },
  };
}
