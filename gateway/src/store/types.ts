import type { CheckResult, HistoryPoint, Incident, Status } from '@aether/contract';

/** What the status machine keeps per check, persisted so a restart resumes where it was. */
export interface CheckState {
  serviceId: string;
  checkId: string;
  status: Status;
  since: string | null;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  lastResult: CheckResult | null;
}

export interface HistoryRequest {
  serviceId: string;
  /** All checks of the service when absent. */
  checkId?: string;
  fromMs: number;
  toMs: number;
  stepMs: number;
}

export interface UptimeCounts {
  count: number;
  failures: number;
}

/**
 * Results, rollups, check state and incidents. SQLite (embedded default) and in-memory
 * implementations pass one shared suite; Postgres can follow without touching callers.
 */
export interface ResultStore {
  /** Buffered; written in batches. */
  recordResult(result: CheckResult): void;
  /** Writes everything buffered. */
  flush(): void;
  saveCheckState(state: CheckState): void;
  loadCheckStates(): CheckState[];
  openIncident(incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>): Incident;
  closeIncident(id: string, endedAt: string): Incident | undefined;
  openIncidents(): Incident[];
  listIncidents(serviceId: string, limit: number): Incident[];
  history(request: HistoryRequest): HistoryPoint[];
  /** Success counts per service between two instants, for the uptime columns. */
  uptimeByService(fromMs: number, toMs: number): Map<string, UptimeCounts>;
  /** Drops raw results and rollups older than the retention; returns rows deleted. */
  prune(nowMs: number): number;
  close(): void;
}
