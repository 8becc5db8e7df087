import type Database from 'better-sqlite3';
import { migrate } from '../migrate.js';
import { LOGIN_FAILURE_MIGRATIONS } from './login-failure-schema.js';
import type { LoginFailure, LoginFailureStore } from './login-failure-store.js';

/** Failed logins in the shared SQLite file (table `login_failures`). */
export class SqliteLoginFailureStore implements LoginFailureStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'login-failures', LOGIN_FAILURE_MIGRATIONS);
  }

  async record(failure: LoginFailure, keepPerKey: number): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)')
        .run(failure.key, failure.at);
      this.db
        .prepare(
          `DELETE FROM login_failures WHERE key = ? AND rowid NOT IN
             (SELECT rowid FROM login_failures WHERE key = ? ORDER BY at DESC, rowid DESC LIMIT ?)`,
        )
        .run(failure.key, failure.key, keepPerKey);
    })();
  }

  async since(since: number): Promise<LoginFailure[]> {
    return this.db
      .prepare<[number], LoginFailure>(
        'SELECT key, at FROM login_failures WHERE at >= ? ORDER BY at, rowid',
      )
      .all(since);
  }

  async forget(key: string): Promise<void> {
    this.db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
  }

  async prune(before: number): Promise<void> {
    this.db.prepare('DELETE FROM login_failures WHERE at < ?').run(before);
  }
}
