import type { Clock } from '../clock.js';
import { LatenessRecorder } from './lateness.js';
import { MinHeap } from './min-heap.js';
import { phaseOffset } from './phase.js';

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

export interface SchedulerOptions<R> {
  clock: Clock;
  /** Runs at once across all jobs; more wait in a FIFO queue. */
  concurrency: number;
  /** Runs one job. Gets a signal that aborts at the job's timeout. */
  execute: (job: ScheduledJob, signal: AbortSignal) => Promise<R>;
  /** The result to report when `execute` threw, blew through its hard deadline, or was stopped while queued. */
  fallback: (job: ScheduledJob, failure: RunFailure) => R;
  /** Every finished run, scheduled or manual. */
  onResult: (job: ScheduledJob, result: R, info: RunInfo) => void;
  /** How long past its timeout a probe that ignores its signal is waited for. Default 1 s. */
  hardDeadlineGraceMs?: number;
  /** First runs are spread over min(interval, this) after start. Default 60 s. */
  maxSpreadMs?: number;
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
}

interface Active {
  controller: AbortController;
  settled: Promise<void>;
}

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

/**
 * Runs every job on its interval with one timer armed for the earliest due job (a min-heap,
 * not a timer per job), a global concurrency cap with a FIFO queue, never two runs of one
 * job at once, and a timeout enforced twice: an AbortSignal at the timeout, and a hard
 * deadline shortly after, when the slot is taken back even from a probe that ignores it.
 */
export class Scheduler<R> {
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry<R>>();
  // ties go to the job added first, so runs due together start in a stable order
  private readonly heap = new MinHeap<Entry<R>>(
    (a, b) => a.nextAt < b.nextAt || (a.nextAt === b.nextAt && a.seq < b.seq),
  );
  private seq = 0;
  private readonly queue: { entry: Entry<R>; request: Request<R> }[] = [];
  private queueHead = 0;
  private readonly active = new Set<Active>();
  private readonly lateness = new LatenessRecorder();
  private readonly graceMs: number;
  private readonly maxSpreadMs: number;
  private timer: unknown = undefined;
  private timerAt = Infinity;
  private started = false;
  private stopping = false;
  private counts = { runs: 0, skipped: 0, missed: 0, abandoned: 0 };

  constructor(private readonly options: SchedulerOptions<R>) {
    this.clock = options.clock;
    this.graceMs = options.hardDeadlineGraceMs ?? 1000;
    this.maxSpreadMs = options.maxSpreadMs ?? 60_000;
  }

  get running(): boolean {
    return this.started && !this.stopping;
  }

  add(job: ScheduledJob): void {
    if (this.entries.has(job.key)) throw new Error(`job ${job.key} is already scheduled`);
    const entry: Entry<R> = {
      job,
      nextAt: 0,
      busy: false,
      manual: null,
      removed: false,
      seq: this.seq++,
    };
    this.entries.set(job.key, entry);
    if (this.running) this.place(entry, this.clock.now());
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.removed = true;
    this.entries.delete(key);
    this.heap.removeWhere((e) => e === entry);
    this.arm();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.clock.now();
    for (const entry of this.entries.values()) this.place(entry, now);
    this.arm();
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
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const { entry, request } = this.queue[i]!;
      const result = this.options.fallback(
        entry.job,
        new RunFailure('stopped', 'the scheduler stopped before this run started'),
      );
      for (const resolve of request.waiters) resolve(result);
    }
    this.queue.length = 0;
    this.queueHead = 0;
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
      queued: this.queue.length - this.queueHead,
      ...this.counts,
      lateness: this.lateness.summary(),
    };
  }

  // --- timing --------------------------------------------------------------------------------

  private place(entry: Entry<R>, now: number): void {
    entry.nextAt =
      now + phaseOffset(entry.job.key, Math.min(entry.job.intervalMs, this.maxSpreadMs));
    this.heap.push(entry);
  }

  private arm(): void {
    if (this.stopping) return;
    const next = this.heap.peek();
    if (!next) {
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer !== undefined && this.timerAt <= next.nextAt) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timerAt = next.nextAt;
    this.timer = this.clock.setTimeout(
      () => this.fire(),
      Math.max(0, next.nextAt - this.clock.now()),
    );
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.stopping) return;
    const now = this.clock.now();
    for (let top = this.heap.peek(); top && top.nextAt <= now; top = this.heap.peek()) {
      const entry = this.heap.pop()!;
      const plannedAt = entry.nextAt;
      entry.nextAt = this.nextSlot(entry, plannedAt, now);
      this.heap.push(entry);
      if (entry.busy) this.counts.skipped++;
      else this.dispatch(entry, { trigger: 'schedule', plannedAt, waiters: [] });
    }
    this.arm();
  }

  /** The next slot on the job's grid; slots the process slept through are counted, not replayed. */
  private nextSlot(entry: Entry<R>, plannedAt: number, now: number): number {
    const interval = entry.job.intervalMs;
    const next = plannedAt + interval;
    if (next > now) return next;
    const behind = Math.floor((now - plannedAt) / interval);
    this.counts.missed += behind;
    return plannedAt + (behind + 1) * interval;
  }

  // --- running -------------------------------------------------------------------------------

  private dispatch(entry: Entry<R>, request: Request<R>): void {
    entry.busy = true;
    if (this.active.size < this.options.concurrency) this.begin(entry, request);
    else this.queue.push({ entry, request });
  }

  private pump(): void {
    while (this.active.size < this.options.concurrency && this.queueHead < this.queue.length) {
      const { entry, request } = this.queue[this.queueHead++]!;
      this.begin(entry, request);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private begin(entry: Entry<R>, request: Request<R>): void {
    const { job } = entry;
    const startedAt = this.clock.now();
    const latenessMs = Math.max(0, startedAt - request.plannedAt);
    if (request.trigger === 'schedule') this.lateness.record(latenessMs);
    this.counts.runs++;

    const controller = new AbortController();
    // the same reason AbortSignal.timeout() gives, so probes can tell a timeout from a cancel
    const abortTimer = this.clock.setTimeout(
      () =>
        controller.abort(new DOMException(`timed out after ${job.timeoutMs} ms`, 'TimeoutError')),
      job.timeoutMs,
    );
    let hardTimer: unknown;
    const hardDeadline = new Promise<{ kind: 'deadline' }>((resolve) => {
      hardTimer = this.clock.setTimeout(
        () => resolve({ kind: 'deadline' }),
        job.timeoutMs + this.graceMs,
      );
    });
    const probe = Promise.resolve()
      .then(() => this.options.execute(job, controller.signal))
      .then(
        (result) => ({ kind: 'result' as const, result }),
        (error: unknown) => ({ kind: 'threw' as const, error }),
      );
    let markSettled!: () => void;
    const active: Active = {
      controller,
      settled: new Promise((resolve) => (markSettled = resolve)),
    };
    this.active.add(active);

    void Promise.race([probe, hardDeadline]).then((outcome) => {
      this.clock.clearTimeout(abortTimer);
      this.clock.clearTimeout(hardTimer);
      this.active.delete(active);
      const abandoned = outcome.kind === 'deadline';
      if (abandoned) this.counts.abandoned++;
      const result =
        outcome.kind === 'result'
          ? outcome.result
          : this.options.fallback(
              job,
              abandoned
                ? new RunFailure(
                    'hard-deadline',
                    `no answer ${job.timeoutMs + this.graceMs} ms after start, even after abort`,
                  )
                : new RunFailure('threw', `the probe threw: ${String(outcome.error)}`, {
                    cause: outcome.error,
                  }),
            );
      const cancelled =
        controller.signal.aborted &&
        controller.signal.reason instanceof RunFailure &&
        controller.signal.reason.reason === 'stopped';
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
    });
  }

  private release(entry: Entry<R>): void {
    entry.busy = false;
    const manual = entry.manual;
    entry.manual = null;
    if (manual && !entry.removed && !this.stopping) this.dispatch(entry, manual);
    else if (manual) {
      const result = this.options.fallback(
        entry.job,
        new RunFailure('stopped', 'the scheduler stopped before this run started'),
      );
      for (const resolve of manual.waiters) resolve(result);
    }
  }
}
