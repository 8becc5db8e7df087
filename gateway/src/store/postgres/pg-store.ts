import type pg from 'pg';
import { migratePg } from './pg-migrate.js';
import './pg-pool.js'; // BIGINT columns come back as numbers, in every store

/** A Postgres store of one domain: it works on the pool every store of the gateway shares. */
export abstract class PgStore {
  constructor(protected readonly pool: pg.Pool) {}
}

/**
 * The `open` of a Postgres store of one domain: migrates the domain's steps, then builds the store
 * on the pool — so no store writes to tables older than its code.
 */
export const pgStoreOpener =
  <S>(domain: string, steps: readonly string[], Store: new (pool: pg.Pool) => S) =>
  async (pool: pg.Pool): Promise<S> => {
    await migratePg(pool, domain, steps);
    return new Store(pool);
  };
