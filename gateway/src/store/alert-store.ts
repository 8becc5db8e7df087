import type { Alert, AlertState } from '../alerting/types.js';

/** An alert with the dispatcher's memory of it, so a restarted gateway resumes the episode. */
export interface AlertRecord {
  alert: Alert;
  /** Channels that got the alert while firing: they hear when it resolves. */
  told: string[];
  escalated: boolean;
}

export interface AlertFilter {
  states?: readonly AlertState[];
  serviceId?: string;
  limit?: number;
}

/**
 * Alerts as the dispatcher leaves them (its `onChange`), shared by every gateway of a system.
 * Their messages and attempts live in the outbox (`messagesForAlert`). SQLite now; Postgres
 * passes the same suite (alert-store.suite.ts).
 */
export interface AlertStore {
  /**
   * Insert or replace by alert id, all in one write (the last record of an id wins): an outage
   * changes a thousand alerts at once, and one transaction keeps that off the probe path.
   */
  save(records: readonly AlertRecord[]): Promise<void>;
  get(id: string): Promise<AlertRecord | undefined>;
  /** Every alert not resolved: what a restarted dispatcher resumes. */
  unresolved(): Promise<AlertRecord[]>;
  /** Latest `since` first. */
  list(filter: AlertFilter): Promise<Alert[]>;
  /** Drops alerts resolved before `beforeMs`; resolves to how many. */
  prune(beforeMs: number): Promise<number>;
}
