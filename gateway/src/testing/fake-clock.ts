import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Clock } from '../clock.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A Clock whose time moves only when a test says so. Timers fire in time order (then in the
 * order they were set), and between two timers the event loop gets a turn, so promises a
 * timer started (a probe, a flush) settle before the next one fires — as they would in real
 * time, but without sleeping.
 */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start: number | string = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way (including ones they set). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Fires timers until none is left (bounded, so a timer that always re-arms cannot hang a test). */
  async runAll(maxTimers = 10_000): Promise<void> {
    await settle();
    for (let i = 0; i < maxTimers; i++) {
      const next = this.earliest();
      if (!next) return;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await settle();
    }
    throw new Error(
      `FakeClock.runAll: still ${this.timers.length} timers after ${maxTimers}; something re-arms forever`,
    );
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers)
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}

/** Lets pending promise chains run: every queued microtask runs before the next macrotask. */
async function settle(): Promise<void> {
  await nextMacrotask();
}
