import type { ServiceMatch } from '../config/alerting-schema.js';

/** An ad-hoc maintenance window (POST /api/maintenance, `aether maintenance start`). */
export interface MaintenanceWindow {
  id: string;
  match: ServiceMatch;
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  /** Who ended it early (DELETE /api/maintenance/:id); endsAt then says when. */
  endedBy?: string;
}

export type NewMaintenanceWindow = Omit<MaintenanceWindow, 'id' | 'endedBy'>;
export type WindowState = 'active' | 'scheduled' | 'ended';

export interface WindowFilter {
  nowMs: number;
  /** All states when absent. */
  states?: readonly WindowState[];
  limit?: number;
}

/**
 * Ad-hoc windows, shared by every gateway of a system. Recurring windows live in the config and
 * are never stored. SQLite now; Postgres passes the same suite (maintenance-store.suite.ts).
 */
export interface MaintenanceStore {
  create(window: NewMaintenanceWindow): Promise<MaintenanceWindow>;
  get(id: string): Promise<MaintenanceWindow | undefined>;
  /** Ends a running or scheduled window at `atMs`; undefined when unknown or already over. */
  end(id: string, atMs: number, by: string): Promise<MaintenanceWindow | undefined>;
  /** Latest start first. */
  list(filter: WindowFilter): Promise<MaintenanceWindow[]>;
}

export function windowState(window: MaintenanceWindow, nowMs: number): WindowState {
  if (Date.parse(window.endsAt) <= nowMs) return 'ended';
  return Date.parse(window.startsAt) > nowMs ? 'scheduled' : 'active';
}
