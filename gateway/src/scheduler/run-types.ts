/** What the scheduler runs and what it reports: the shapes callers (the monitor) depend on. */

export interface ScheduledJob {
  /** Unique and stable, e.g. "orders/health": also what the phase is derived from. */
  key: string;
  intervalMs: number;
  timeoutMs: number;
}

export type RunTrigger = 'schedule' | 'manual';

export interface RunInfo {
  trigger: RunTrigger;
  /** When the run should have started (its slot, or when it was asked for). */
  plannedAt: number;
  startedAt: number;
  finishedAt: number;
  /** startedAt − plannedAt: time waiting for the timer and for a free slot. */
  latenessMs: number;
  /** The probe ignored its abort signal and was given up at the hard deadline. */
  abandoned: boolean;
  /** Cut short by stop(): not a verdict on the target. */
  cancelled: boolean;
}

/** Why a run produced no result of its own. */
export class RunFailure extends Error {
  constructor(
    readonly reason: 'hard-deadline' | 'threw' | 'stopped',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RunFailure';
  }
}

/** Runs one job. Gets a signal that aborts at the job's timeout. */
export type Execute<R> = (job: ScheduledJob, signal: AbortSignal) => Promise<R>;
/** The result to report when `execute` threw, blew through its hard deadline, or was stopped while queued. */
export type Fallback<R> = (job: ScheduledJob, failure: RunFailure) => R;

export interface SchedulerStats {
  jobs: number;
  running: number;
  queued: number;
  runs: number;
  /** Slots skipped because the previous run of that check was still going. */
  skipped: number;
  /** Slots that passed while the process could not fire them at all (event loop stalled). */
  missed: number;
  abandoned: number;
  lateness: { samples: number; p50: number | null; p99: number | null; max: number };
}
