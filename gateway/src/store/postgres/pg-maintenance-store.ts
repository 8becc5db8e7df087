import { randomUUID } from 'node:crypto';
import type {
  MaintenanceStore,
  MaintenanceWindow,
  NewMaintenanceWindow,
  WindowFilter,
} from '../maintenance-store.js';
import { PgStore, pgStoreOpener } from './pg-store.js';
import {
  maintenanceFromRow,
  maintenanceInsertValues,
  maintenanceTable,
  type MaintenanceRow,
} from '../maintenance-rows.js';

/** Ad-hoc maintenance windows in Postgres (table `maintenance_windows`), shared by every gateway. */
export class PgMaintenanceStore extends PgStore implements MaintenanceStore {
  /** Migrates the maintenance domain and returns the store. */
  static readonly open = pgStoreOpener(
    'maintenance',
    [maintenanceTable('postgres')],
    PgMaintenanceStore,
  );

  async create(window: NewMaintenanceWindow): Promise<MaintenanceWindow> {
    const { rows } = await this.pool.query<MaintenanceRow>(
      `INSERT INTO maintenance_windows (id, match, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      maintenanceInsertValues(`mw-${randomUUID()}`, window),
    );
    return maintenanceFromRow(rows[0]!);
  }

  async get(id: string): Promise<MaintenanceWindow | undefined> {
    const { rows } = await this.pool.query<MaintenanceRow>(
      'SELECT * FROM maintenance_windows WHERE id = $1',
      [id],
    );
    return rows[0] && maintenanceFromRow(rows[0]);
  }

  async end(id: string, atMs: number, by: string): Promise<MaintenanceWindow | undefined> {
    // A scheduled window ended before it starts is over at once: starts_at moves to the end too.
    const { rows } = await this.pool.query<MaintenanceRow>(
      `UPDATE maintenance_windows
       SET ends_at = $1, starts_at = LEAST(starts_at, $1), ended_by = $2
       WHERE id = $3 AND ends_at > $1 RETURNING *`,
      [atMs, by, id],
    );
    return rows[0] && maintenanceFromRow(rows[0]);
  }

  async list(filter: WindowFilter): Promise<MaintenanceWindow[]> {
    const states = new Set(filter.states ?? ['active', 'scheduled', 'ended']);
    const clauses: string[] = [];
    if (states.has('active')) clauses.push('(starts_at <= $1 AND ends_at > $1)');
    if (states.has('scheduled')) clauses.push('(starts_at > $1)');
    if (states.has('ended')) clauses.push('(ends_at <= $1)');
    if (clauses.length === 0) return [];
    const { rows } = await this.pool.query<MaintenanceRow>(
      `SELECT * FROM maintenance_windows WHERE ${clauses.join(' OR ')}
       ORDER BY starts_at DESC, id LIMIT $2`,
      [filter.nowMs, filter.limit ?? 1000],
    );
    return rows.map(maintenanceFromRow);
  }
}
