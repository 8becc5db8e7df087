import type { Clock } from '../clock.js';
import { FifoQueue } from './fifo-queue.js';
import { LatenessRecorder } from './lateness.js';
import { DueTimer } from './due-timer.js';
import {
  RunFailure,
  type Execute,
  type Fallback,
  type RunInfo,
  type RunTrigger,
  type ScheduledJob,
  type SchedulerStats,
} from './run-types.js';
import { startTimedRun, type TimedRunDeps } from './timed-run.js';

export {
  RunFailure,
  type RunInfo,
  type RunTrigger,
  type ScheduledJob,
  type SchedulerStats,
} from './run-types.js';

export interface SchedulerOptions<R> {
  clock: Clock;
  /** Runs at once across all jobs; more wait in a FIFO queue. */
  concurrency: number;
  execute: Execute<R>;
  fallback: Fallback<R>;
  /** Every finished run, scheduled or manual. */
  onResult: (job: ScheduledJob, result: R, info: RunInfo) => void;
  /** How long past its timeout a probe that ignores its signal is waited for. Default 1 s. */
  hardDeadlineGraceMs?: number;
  /** First runs are spread over min(interval, this) after start. Default 60 s. */
  maxSpreadMs?: number;
  /**
   * First runs per second a batch of jobs (start, or jobs added together) is spread at: the
   * batch's first runs land within max(1 s, batch / this) — capped by interval and maxSpreadMs —
   * so a small fleet shows no `unknown` after a second, and a large one is still spread out.
   * Default FIRST_RUNS_PER_SECOND.
   */
  firstRunsPerSecond?: number;
}

/** A demo-sized fleet (up to this many checks) has all its first results within a second. */
export const FIRST_RUNS_PER_SECOND = 200;

/** How long the first runs of `jobs` jobs placed together are spread over (before interval caps). */
export function firstRunSpreadMs(jobs: number, perSecond = FIRST_RUNS_PER_SECOND): number {
  return Math.max(1000, Math.ceil((jobs / perSecond) * 1000));
}

/**
 * Where a job added to a running scheduler first runs, instead of a start's spread: e.g. a check
 * taken over from another gateway, on the slot its previous prober would have run it at.
 */
export interface FirstSlot {
  /** When it first runs (kept within [now, now + interval]). */
  at: number;
  /**
   * A slot of the grid it runs on after that first run, when not `at`'s own (its first slot
   * there at least half an interval after `at`).
   */
  grid?: number;
}

interface Request<R> {
  trigger: RunTrigger;
  plannedAt: number;
  waiters: ((result: R) => void)[];
}

interface Entry<R> {
  job: ScheduledJob;
  nextAt: number;
  /** Queued or running (or an abandoned probe still not settled): no second run may start. */
  busy: boolean;
  /** Manual runs asked for while busy; served together by one run when it frees up. */
  manual: Request<R> | null;
  removed: boolean;
  seq: number;
  resumeGrid: number | undefined;
}

interface Active {
  controller: AbortController;
  settled: Promise<void>;
}

/**
 * Runs every job on its interval with one timer armed for the earliest due job (a min-heap,
 * not a timer per job), a global concurrency cap with a FIFO queue, never two runs of one
 * job at once, and a timeout enforced twice: an AbortSignal at the timeout, and a hard
 * deadline shortly after, when the slot is taken back even from a probe that ignores it.
 * When runs are due lives in due-timer.ts, how one run is timed out in timed-run.ts; this
 * file decides which run may start now (cap, queue, busy jobs, manual runs) and stopping.
 */
export class Scheduler<R> {
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry<R>>();
  private readonly due: DueTimer<Entry<R>>;
  private seq = 0;
  private readonly queue = new FifoQueue<{ entry: Entry<R>; request: Request<R> }>();
  private readonly active = new Set<Active>();
  private readonly lateness = new LatenessRecorder();
  private readonly timedRunDeps: TimedRunDeps<R>;
  private started = false;
  private stopping = false;
  private counts = { runs: 0, skipped: 0, abandoned: 0 };

  constructor(private readonly options: SchedulerOptions<R>) {
    this.clock = options.clock;
    const { execute, fallback, hardDeadlineGraceMs: graceMs = 1000 } = options;
    this.timedRunDeps = { clock: this.clock, execute, fallback, graceMs };
    this.due = new DueTimer(this.clock, options.maxSpreadMs ?? 60_000, (entry, plannedAt) => {
      if (entry.busy) this.counts.skipped++;
      else this.dispatch(entry, { trigger: 'schedule', plannedAt, waiters: [] });
    });
  }

  get running(): boolean {
    return this.started && !this.stopping;
  }

  /** Whether a job with this key is scheduled. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  add(job: ScheduledJob): void {
    this.addAll([job]);
  }

  /**
   * Adds jobs together; once started, their first runs are spread like a start's (a config
   * reload adding 1,000 services does not fire them all at once, nor leave one waiting long) —
   * except those `firstSlot` gives a slot of their own. Before start, every job waits for
   * start's spread.
   */
  addAll(
    jobs: readonly ScheduledJob[],
    firstSlot?: (job: ScheduledJob) => FirstSlot | undefined,
  ): void {
    for (const job of jobs)
      if (this.entries.has(job.key)) throw new Error(`job ${job.key} is already scheduled`);
    const added = jobs.map((job): Entry<R> => {
      const entry: Entry<R> = {
        job,
        nextAt: 0,
        busy: false,
        manual: null,
        removed: false,
        seq: this.seq++,
        resumeGrid: undefined,
      };
      this.entries.set(job.key, entry);
      return entry;
    });
    if (!this.running || added.length === 0) return;
    if (!firstSlot) return this.placeAll(added);
    const now = this.clock.now();
    const spread: Entry<R>[] = [];
    for (const entry of added) {
      const slot = firstSlot(entry.job);
      if (slot) this.due.placeAt(entry, now, slot.at, slot.grid);
      else spread.push(entry);
    }
    this.placeAll(spread); // arms the timer for the slots given too
  }

  remove(key: string): void {
    this.removeAll([key]);
  }

  /** Removes jobs in one pass over the heap (O(n) for the batch, not per job). */
  removeAll(keys: readonly string[]): void {
    const gone = new Set<Entry<R>>();
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      entry.removed = true;
      this.entries.delete(key);
      gone.add(entry);
    }
    if (gone.size > 0) this.due.removeAll(gone);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.placeAll([...this.entries.values()]);
  }

  private placeAll(entries: Entry<R>[]): void {
    const now = this.clock.now();
    const spreadMs = firstRunSpreadMs(entries.length, this.options.firstRunsPerSecond);
    for (const entry of entries) this.due.place(entry, now, spreadMs);
    this.due.arm(); // the armed timer may be for a later slot, or there may be none
  }

  /** Runs a job now through the same cap; joins a pending manual run of it if there is one. */
  runNow(key: string): Promise<R> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.reject(new Error(`no job ${key}`));
    return new Promise<R>((resolve) => {
      if (this.stopping)
        return resolve(
          this.options.fallback(entry.job, new RunFailure('stopped', 'the scheduler is stopping')),
        );
      if (entry.manual) return entry.manual.waiters.push(resolve);
      const request: Request<R> = {
        trigger: 'manual',
        plannedAt: this.clock.now(),
        waiters: [resolve],
      };
      if (entry.busy) entry.manual = request;
      else this.dispatch(entry, request);
    });
  }

  /**
   * Stops firing, drops queued scheduled runs, gives in-flight probes `graceMs` to finish,
   * then aborts them and waits at most until their hard deadline (and never longer than
   * `maxWaitMs`) for them to settle.
   */
  async stop({ graceMs = 1000, maxWaitMs = 5000 } = {}): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.due.stop();
    for (const { entry, request } of this.queue.drain()) this.notStarted(entry, request);
    if (this.active.size > 0 && !(await this.settledWithin(graceMs))) {
      for (const a of this.active)
        a.controller.abort(new RunFailure('stopped', 'the gateway is shutting down'));
      await this.settledWithin(maxWaitMs);
    }
  }

  /** Whether every in-flight run settles within `ms`. */
  private async settledWithin(ms: number): Promise<boolean> {
    let timer: unknown;
    const timeout = new Promise<false>(
      (resolve) => (timer = this.clock.setTimeout(() => resolve(false), ms)),
    );
    const all = Promise.all([...this.active].map((a) => a.settled)).then(() => true as const);
    try {
      return await Promise.race([all, timeout]);
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  stats(): SchedulerStats {
    return {
      jobs: this.entries.size,
      running: this.active.size,
      queued: this.queue.size,
      ...this.counts,
      missed: this.due.missed,
      lateness: this.lateness.summary(),
    };
  }

  // --- running -------------------------------------------------------------------------------

  private dispatch(entry: Entry<R>, request: Request<R>): void {
    entry.busy = true;
    if (this.active.size < this.options.concurrency) this.begin(entry, request);
    else this.queue.push({ entry, request });
  }

  private pump(): void {
    while (this.active.size < this.options.concurrency && this.queue.size > 0) {
      const { entry, request } = this.queue.shift()!;
      this.begin(entry, request);
    }
  }

  private begin(entry: Entry<R>, request: Request<R>): void {
    const { job } = entry;
    const startedAt = this.clock.now();
    const latenessMs = Math.max(0, startedAt - request.plannedAt);
    if (request.trigger === 'schedule') this.lateness.record(latenessMs);
    this.counts.runs++;

    let markSettled!: () => void;
    const settled = new Promise<void>((resolve) => (markSettled = resolve));
    const controller = startTimedRun(
      job,
      this.timedRunDeps,
      ({ result, abandoned, cancelled, probe }) => {
        this.active.delete(active);
        if (abandoned) this.counts.abandoned++;
        const info: RunInfo = {
          trigger: request.trigger,
          plannedAt: request.plannedAt,
          startedAt,
          finishedAt: this.clock.now(),
          latenessMs,
          abandoned,
          cancelled,
        };
        try {
          this.options.onResult(job, result, info);
        } finally {
          for (const resolve of request.waiters) resolve(result);
          markSettled();
          // The slot frees now; the job stays busy until an abandoned probe really settles.
          if (abandoned) void probe.then(() => this.release(entry));
          else this.release(entry);
          this.pump();
        }
      },
    );
    const active: Active = { controller, settled };
    this.active.add(active);
  }

  private release(entry: Entry<R>): void {
    entry.busy = false;
    const manual = entry.manual;
    entry.manual = null;
    if (manual && !entry.removed && !this.stopping) this.dispatch(entry, manual);
    else if (manual) this.notStarted(entry, manual);
  }

  /** Answers the callers of a run that stop() or remove() kept from starting. */
  private notStarted(entry: Entry<R>, request: Request<R>): void {
    const result = this.options.fallback(
      entry.job,
      new RunFailure('stopped', 'the scheduler stopped before this run started'),
    );
    for (const resolve of request.waiters) resolve(result);
  }
}
