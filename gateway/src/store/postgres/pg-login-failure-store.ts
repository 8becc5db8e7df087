import type { LoginFailure, LoginFailureStore } from '../domain/login-failure-store.js';
import { PgStore, pgStoreOpener } from './pg-store.js';
import { inTransaction } from './pg-transaction.js';

/**
 * Steps of the login-failures domain on Postgres; append only (see pg-migrate.ts). `id` stands in
 * for SQLite's rowid: the order of failures recorded in the same millisecond.
 */
const LOGIN_FAILURE_MIGRATIONS = [
  `CREATE TABLE login_failures (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     key TEXT NOT NULL,
     at BIGINT NOT NULL
   );
   CREATE INDEX login_failures_key ON login_failures (key, at);
   CREATE INDEX login_failures_at ON login_failures (at);`,
];

/**
 * Failed logins in Postgres (table `login_failures`): every gateway records into the same rows, so
 * a restarted gateway restores what all of them saw.
 */
export class PgLoginFailureStore extends PgStore implements LoginFailureStore {
  /** Migrates the login-failures domain and returns the store. */
  static readonly open = pgStoreOpener(
    'login-failures',
    LOGIN_FAILURE_MIGRATIONS,
    PgLoginFailureStore,
  );

  async record(failure: LoginFailure, keepPerKey: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO login_failures (key, at) VALUES ($1, $2)', [
        failure.key,
        failure.at,
      ]);
      await client.query(
        `DELETE FROM login_failures WHERE key = $1 AND id NOT IN
           (SELECT id FROM login_failures WHERE key = $1 ORDER BY at DESC, id DESC LIMIT $2)`,
        [failure.key, keepPerKey],
      );
    });
  }

  async since(since: number): Promise<LoginFailure[]> {
    const { rows } = await this.pool.query<LoginFailure>(
      'SELECT key, at FROM login_failures WHERE at >= $1 ORDER BY at, id',
      [since],
    );
    return rows;
  }

  async forget(key: string): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE key = $1', [key]);
  }

  async prune(before: number): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE at < $1', [before]);
  }
}
