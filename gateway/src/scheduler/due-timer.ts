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
    const next = plannedAt + interval;
    if (next > now) return next;
    const behind = Math.floor((now - plannedAt) / interval);
    this.missed += behind;
    return plannedAt + (behind + 1) * interval;
  }
}
