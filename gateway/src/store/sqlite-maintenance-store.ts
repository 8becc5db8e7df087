import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { migrate } from './migrate.js';
import {
  maintenanceFromRow,
  maintenanceInsertValues,
  maintenanceTable,
  type MaintenanceRow,
} from './maintenance-rows.js';
import type {
  MaintenanceStore,
  MaintenanceWindow,
  NewMaintenanceWindow,
  WindowFilter,
} from './maintenance-store.js';

export class SqliteMaintenanceStore implements MaintenanceStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'maintenance', [maintenanceTable('sqlite')]);
  }

  async create(window: NewMaintenanceWindow): Promise<MaintenanceWindow> {
    const id = `mw-${randomUUID()}`;
    this.db
      .prepare(
        `INSERT INTO maintenance_windows (id, match, starts_at, ends_at, reason, created_by)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(...maintenanceInsertValues(id, window));
    return (await this.get(id))!;
  }

  async get(id: string): Promise<MaintenanceWindow | undefined> {
    const row = this.db.prepare('SELECT * FROM maintenance_windows WHERE id = ?').get(id) as
      MaintenanceRow | undefined;
    return row ? maintenanceFromRow(row) : undefined;
  }

  async end(id: string, atMs: number, by: string): Promise<MaintenanceWindow | undefined> {
    // A scheduled window ended before it starts is over at once: starts_at moves to the end too.
    const changed = this.db
      .prepare(
        `UPDATE maintenance_windows
         SET ends_at = ?, starts_at = MIN(starts_at, ?), ended_by = ?
         WHERE id = ? AND ends_at > ?`,
      )
      .run(atMs, atMs, by, id, atMs).changes;
    return changed > 0 ? this.get(id) : undefined;
  }

  async list(filter: WindowFilter): Promise<MaintenanceWindow[]> {
    const states = new Set(filter.states ?? ['active', 'scheduled', 'ended']);
    const clauses: string[] = [];
    if (states.has('active')) clauses.push('(starts_at <= @now AND ends_at > @now)');
    if (states.has('scheduled')) clauses.push('(starts_at > @now)');
    if (states.has('ended')) clauses.push('(ends_at <= @now)');
    if (clauses.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM maintenance_windows WHERE ${clauses.join(' OR ')}
         ORDER BY starts_at DESC, id LIMIT @limit`,
      )
      .all({ now: filter.nowMs, limit: filter.limit ?? 1000 }) as MaintenanceRow[];
    return rows.map(maintenanceFromRow);
  }
}
