import type { MaintenanceWindow, NewMaintenanceWindow } from './maintenance-store.js';
import { SQL_TYPES, type SqlDatabase } from './sql-dialect.js';

/**
 * A row of `maintenance_windows` as both the SQLite and the Postgres store read it (times in ms).
 */
export interface MaintenanceRow {
  id: string;
  match: string;
  starts_at: number;
  ends_at: number;
  reason: string;
  created_by: string;
  ended_by: string | null;
}

/** The values of a new window, in the column order of both stores' INSERT. */
export function maintenanceInsertValues(id: string, window: NewMaintenanceWindow): unknown[] {
  return [
    id,
    JSON.stringify(window.match),
    Date.parse(window.startsAt),
    Date.parse(window.endsAt),
    window.reason,
    window.createdBy,
  ];
}

export function maintenanceFromRow(row: MaintenanceRow): MaintenanceWindow {
  return {
    id: row.id,
    match: JSON.parse(row.match) as MaintenanceWindow['match'],
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    reason: row.reason,
    createdBy: row.created_by,
    ...(row.ended_by === null ? {} : { endedBy: row.ended_by }),
  };
}

/**
 * Step 1 of the maintenance domain, the same table on both databases (times in ms for range
 * queries). Applied steps never change: append new ones.
 */
export function maintenanceTable(database: SqlDatabase): string {
  const { ms, sortedId } = SQL_TYPES[database];
  return `CREATE TABLE maintenance_windows (
    id ${sortedId} PRIMARY KEY,
    match TEXT NOT NULL,
    starts_at ${ms} NOT NULL,
    ends_at ${ms} NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    ended_by TEXT
  );
  CREATE INDEX maintenance_windows_ends ON maintenance_windows (ends_at);`;
}
