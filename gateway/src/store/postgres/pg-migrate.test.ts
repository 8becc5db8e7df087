import { beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, describePostgres } from '../../testing/postgres-database.js';
import { usePgTestSchemas } from './pg-test-schemas.js';
import { openPgPool } from './pg-pool.js';
import { migratePg } from './pg-migrate.js';

describePostgres('migratePg', () => {
  const database = usePgTestSchemas({ max: 8 });
  let pool: pg.Pool;
  beforeAll(() => {
    pool = database.pool();
  });

  it('applies each step once, even when three gateways migrate at the same time', async () => {
    const steps = [
      'CREATE TABLE t (id BIGINT PRIMARY KEY)',
      'ALTER TABLE t ADD COLUMN at BIGINT NOT NULL DEFAULT 0',
    ];
    const versions = await Promise.all([1, 2, 3].map(() => migratePg(pool, 'demo', steps)));
    expect(versions).toEqual([2, 2, 2]);
    const { rows } = await pool.query(
      'SELECT version FROM schema_migrations WHERE domain = $1 ORDER BY version',
      ['demo'],
    );
    expect(rows.map((row) => row.version)).toEqual([1, 2]);
    await pool.query('INSERT INTO t (id, at) VALUES (9007199254740991, 5)');
    const read = await pool.query('SELECT id, at FROM t');
    expect(read.rows).toEqual([{ id: 9007199254740991, at: 5 }]);
  });

  it('creates its own bookkeeping table once when many domains migrate at once on a fresh database', async () => {
    // what openPostgresStores does: every store migrates its domain at the same time
    const fresh = await createTestDatabase();
    const wide = openPgPool({ url: fresh.url, max: 16 });
    try {
      const domains = Array.from({ length: 16 }, (_, i) => `d${i}`);
      await Promise.all(
        domains.map((domain) => migratePg(wide, domain, [`CREATE TABLE ${domain} (id INT)`])),
      );
      const { rows } = await wide.query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows).toEqual([{ n: 16 }]);
    } finally {
      await wide.end();
      await fresh.drop();
    }
  });

  it('never lets the creation of its bookkeeping table race (no duplicate key in the server log)', async () => {
    // Before the session lock, the losers of the CREATE TABLE IF NOT EXISTS race got 23505 on
    // pg_type_typname_nsp_index (swallowed here, but logged as an ERROR by Postgres): count every
    // statement the server refused while 3 gateways × 8 domains start on fresh databases.
    const refused: string[] = [];
    for (let round = 0; round < 3; round++) {
      const fresh = await createTestDatabase();
      const pools = [1, 2, 3].map(() => openPgPool({ url: fresh.url, max: 8 }));
      try {
        await Promise.all(
          pools.flatMap((gateway) =>
            Array.from({ length: 8 }, (_, i) =>
              migratePg(recording(gateway, refused), `r${i}`, [`CREATE TABLE r${i} (id INT)`]),
            ),
          ),
        );
        const { rows } = await pools[0]!.query('SELECT count(*)::int AS n FROM schema_migrations');
        expect(rows).toEqual([{ n: 8 }]);
      } finally {
        await Promise.all(pools.map((gateway) => gateway.end()));
        await fresh.drop();
      }
    }
    expect(refused).toEqual([]);
  });

  it('refuses a database migrated further than this gateway knows', async () => {
    await migratePg(pool, 'newer', ['CREATE TABLE n1 (id INT)', 'CREATE TABLE n2 (id INT)']);
    await expect(migratePg(pool, 'newer', ['CREATE TABLE n1 (id INT)'])).rejects.toThrow(
      /schema version 2, this gateway knows only 1/,
    );
  });
});

/** The pool, with every statement the server refuses on its clients written to `refused`. */
function recording(pool: pg.Pool, refused: string[]): pg.Pool {
  const connect = async () => {
    const client = await pool.connect();
    // a view of the client for migratePg only: the pool's own use of it stays untouched
    return new Proxy(client, {
      get(target, property) {
        if (property !== 'query') {
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        }
        return (...args: unknown[]) =>
          (target.query as (...a: unknown[]) => Promise<unknown>)
            .apply(target, args)
            .catch((error: unknown) => {
              refused.push(`${(error as { code?: string }).code}: ${(error as Error).message}`);
              throw error;
            });
      },
    });
  };
  return { connect } as unknown as pg.Pool;
}
