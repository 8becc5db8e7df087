import type { Clock } from '../clock.js';
import { MinHeap } from './min-heap.js';
import { phaseOffset } from './phase.js';
import type { ScheduledJob } from './run-types.js';

/** What the timer needs of a scheduled entry; it owns `nextAt`. */
export interface Slotted {
  job: ScheduledJob;
  /** Order among entries due at the same time: lower goes first. */
  seq: number;
  nextAt: number;
  /**
   * A slot of the grid the entry goes back to after its next run (placeAt's `grid`), when it
   * is not on the grid of that run.
   */
  resumeGrid: number | undefined;
}

/**
 * When each job is due: its first slot at a phase derived from its key, then every interval on
 * that grid. One clock timer is armed for the earliest due entry (a min-heap, not a timer per
 * job); slots the process slept through are counted in `missed`, not replayed.
 */
export class DueTimer<E extends Slotted> {
  // ties go to the job added first, so runs due together start in a stable order
  private readonly heap = new MinHeap<E>(
    (a, b) => a.nextAt < b.nextAt || (a.nextAt === b.nextAt && a.seq < b.seq),
  );
  private timer: unknown = undefined;
  private timerAt = Infinity;
  private stopped = false;
  missed = 0;

  constructor(
    private readonly clock: Clock,
    /** First slots are spread over min(interval, this) after placing. */
    private readonly maxSpreadMs: number,
    /** Called for each entry whose slot has come, after its next slot is set. */
    private readonly onDue: (entry: E, plannedAt: number) => void,
  ) {}

  /**
   * Adds an entry at its first slot after `now`, inside min(interval, maxSpreadMs, spreadMs);
   * call arm() after placing a batch.
   */
  place(entry: E, now: number, spreadMs = Infinity): void {
    const windowMs = Math.min(entry.job.intervalMs, this.maxSpreadMs, spreadMs);
    entry.nextAt = now + phaseOffset(entry.job.key, windowMs);
    entry.resumeGrid = undefined;
    this.heap.push(entry);
  }

  /**
   * Adds an entry whose first slot is given: `at`, kept within [now, now + interval] (a clock
   * of another gateway that is ahead, or a slot long past, move it no further). Its later slots
   * follow `grid` when given — the first slot of that grid at least half an interval after
   * this run, so the two runs are not back to back — else `at`'s own grid. Call arm() after
   * placing a batch.
   */
  placeAt(entry: E, now: number, at: number, grid?: number): void {
    entry.nextAt = Math.min(Math.max(at, now), now + entry.job.intervalMs);
    entry.resumeGrid = grid;
    this.heap.push(entry);
  }

  removeAll(entries: ReadonlySet<E>): void {
    this.heap.removeWhere((e) => entries.has(e));
    this.arm();
  }

  /** Fires nothing more, ever. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Makes sure the clock timer is set for the earliest slot (and only one timer is). */
  arm(): void {
    if (this.stopped) return;
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
    if (this.stopped) return;
    const now = this.clock.now();
    for (let top = this.heap.peek(); top && top.nextAt <= now; top = this.heap.peek()) {
      const entry = this.heap.pop()!;
      const plannedAt = entry.nextAt;
      entry.nextAt = this.nextSlot(entry, plannedAt, now);
      this.heap.push(entry);
      this.onDue(entry, plannedAt);
    }
    this.arm();
  }

  /** The next slot on the job's grid; slots the process slept through are counted, not replayed. */
  private nextSlot(entry: E, plannedAt: number, now: number): number {
    const interval = entry.job.intervalMs;
    let next = plannedAt + interval;
    const grid = entry.resumeGrid;
    if (grid !== undefined) {
      entry.resumeGrid = undefined;
      next = grid + Math.ceil((plannedAt + interval / 2 - grid) / interval) * interval;
    }
    if (next > now) return next;
    const behind = Math.floor((now - next) / interval) + 1;
    this.missed += behind;
    return next + behind * interval;
  }
}
