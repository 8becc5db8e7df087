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
  /**
   * The check's latest status changes, oldest first (monitor/flap-history.ts keeps a bounded
   * number): what the flap detector replays after a restart. Absent in states saved before.
   */
  statusChanges?: StatusChange[];
}

/** One status change of a check, as its state keeps it. */
export interface StatusChange {
  at: string;
  from: Status;
  to: Status;
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

/** How long each resolution is kept, in ms (config storage.retention: raw, rollup, hourly, daily). */
export interface StoreRetention {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  dayMs: number;
}

/**
 * Sized so that 10,000 checks every 10 s stay under 2 GB (bench/ db-size: about 1.7 GB at the
 * measured 21 B per raw row and 50 B per rollup row): minute rollups for a little over a day
 * (the 24 h range always has them), hour rollups for 60 days, raw results for 3 hours (only steps
 * under a minute read them; each check's last full result lives in its state), day rollups for
 * 400 days (a year at 1-day steps; 10,000 checks × 400 rows × ~50 B ≈ 0.2 GB more). Small fleets
 * can keep far more: storage.retention in the config.
 */
export const DEFAULT_RETENTION: StoreRetention = {
  rawMs: 3 * 3_600_000,
  minuteMs: 26 * 3_600_000,
  hourMs: 60 * 86_400_000,
  dayMs: 400 * 86_400_000,
};

/**
 * Results, rollups, check state and incidents. SQLite (embedded default) and in-memory
 * implementations pass one shared suite; Postgres can follow without touching callers.
 *
 * Reads and maintenance are async, so a networked backend fits behind the same interface.
 * The two writes of the probe path, `recordResult` and `saveCheckState`, stay synchronous and
 * buffered on purpose: at 1,000 results/s a promise (and an await in the monitor) per result
 * would cost more than the write itself, and a backend that talks to a server batches anyway.
 * Their failures surface through the store's `onError`, and `flush()` waits for them.
 */
export interface ResultStore {
  /** Buffered; written in batches (on size, on a timer, on flush). Never awaits: hot path. */
  recordResult(result: CheckResult): void;
  /** Writes everything buffered and every rollup bucket the clock has closed. */
  flush(): Promise<void>;
  /** Buffered like recordResult (the latest state per check wins); hot path. */
  saveCheckState(state: CheckState): void;
  loadCheckStates(): Promise<CheckState[]>;
  openIncident(incident: Omit<Incident, 'id' | 'endedAt' | 'durationMs'>): Promise<Incident>;
  closeIncident(id: string, endedAt: string): Promise<Incident | undefined>;
  openIncidents(): Promise<Incident[]>;
  /** Newest first. */
  listIncidents(serviceId: string, limit: number): Promise<Incident[]>;
  /** Points from raw results, minute, hour or day rollups, picked by step and retention. */
  history(request: HistoryRequest): Promise<HistoryPoint[]>;
  /** Success counts per service between two instants, for the uptime columns (minute/hour resolution). */
  uptimeByService(fromMs: number, toMs: number): Promise<Map<string, UptimeCounts>>;
  /** Drops raw results and rollups older than the retention; resolves to rows deleted. */
  prune(nowMs: number): Promise<number>;
  /** Flushes and stops the store's timer. The database itself belongs to whoever opened it. */
  close(): Promise<void>;
}
