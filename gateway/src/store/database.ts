import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (creating its folder) the SQLite file every gateway store shares: results, panels,
 * audit. WAL lets readers (API) run while the prober writes; synchronous=NORMAL is durable
 * across process crashes in WAL mode and much cheaper than FULL; busy_timeout rides out a
 * checkpoint or a second process instead of failing with SQLITE_BUSY.
 */
export function openDatabase(path: string): Database.Database {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(inMemory ? ':memory:' : path);
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}
