import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { migrate } from '../store/migrate.js';
import { SESSION_MIGRATIONS } from './session-schema.js';
import { sha256 } from './token-directory.js';

export interface Session {
  /** The token owner's name; the role is looked up from the config on every request. */
  name: string;
  expiresAt: number;
}

/**
 * Browser sessions in SQLite. The id handed to the browser is 256 random bits; only its SHA-256 is
 * stored, so a copy of the database cannot be replayed as cookies.
 */
export class SessionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {
    migrate(db, 'sessions', SESSION_MIGRATIONS);
  }

  /** Starts a session and returns the id to put in the cookie. */
  create(name: string): { id: string; expiresAt: number } {
    const now = this.clock.now();
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    const id = randomBytes(32).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.db
      .prepare('INSERT INTO sessions (id_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashId(id), name, now, expiresAt);
    return { id, expiresAt };
  }

  find(id: string): Session | undefined {
    const row = this.db
      .prepare<[string, number], { name: string; expires_at: number }>(
        'SELECT name, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
      )
      .get(hashId(id), this.clock.now());
    return row ? { name: row.name, expiresAt: row.expires_at } : undefined;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashId(id));
  }
}

function hashId(id: string): string {
  return sha256(id).toString('hex');
}
