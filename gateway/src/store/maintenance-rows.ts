import type { MaintenanceWindow, NewMaintenanceWindow } from './maintenance-store.js';

/**
 * A row of `maintenance_windows` as both the SQLite and the Postgres store read it (times in ms).
 * Each store keeps its own CREATE TABLE (INTEGER vs BIGINT times, COLLATE "C" ids on Postgres).
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
