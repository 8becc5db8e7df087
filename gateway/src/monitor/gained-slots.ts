import { phaseOffset } from '../scheduler/phase.js';
import type { FirstSlot } from '../scheduler/scheduler.js';

/** Checks overdue when gained are caught up within this long (or one interval, if shorter)… */
export const CATCH_UP_MS = 5_000;
/**
 * …at this many first runs a second at most: a larger batch stretches the window, up to one
 * interval. So a take-over adds at most ~1,000 probes/s to the gateway that claims the shards,
 * for a few seconds (10,000 overdue checks: 10 s; the cluster bench's ~3,000 a survivor: 5 s,
 * ~600/s on top of its own ~330/s), instead of firing every overdue check at once.
 */
export const CATCH_UP_PER_SECOND = 1_000;

/** A gained check: its job's key and interval, and when it was last probed (by anyone). */
export interface GainedCheck {
  key: string;
  intervalMs: number;
  /** Epoch ms of its latest known probe's start (its last result's timestamp); NaN if none. */
  lastProbedAt: number;
}

/**
 * Where the checks of shards this gateway just gained first run: the slots their previous
 * prober would have used, so a take-over neither probes a check twice nor leaves a gap beyond
 * the dead lease.
 *  - Probed within its interval (fresh): at its slot, last probe + interval — no earlier (no
 *    double probe), no later (no gap).
 *  - Overdue, its slot passed while the lease was dead, but no longer ago than `takeoverMs` (how
 *    long a dead gateway's shard can go unclaimed): soon, spread by key over the catch-up window
 *    (min(interval, max(CATCH_UP_MS, overdue / CATCH_UP_PER_SECOND)) from now), then back on its
 *    previous grid, so the fleet's probes stay spread over the interval instead of bunching
 *    into the window at every interval after.
 *  - Never probed, or overdue for longer (nobody probed it: the cluster is starting, or was
 *    down): undefined — the scheduler spreads those like a start, as it always did.
 * A last probe is known from the runtime's last result, which relayed results of the gateway
 * that probed it keep current.
 */
export function gainedSlots(
  checks: readonly GainedCheck[],
  now: number,
  takeoverMs = Infinity,
): GainedSlots {
  const slots = new Map<string, FirstSlot>();
  const overdue: GainedCheck[] = [];
  for (const c of checks) {
    const due = c.lastProbedAt + c.intervalMs; // NaN when never probed: neither branch
    if (due > now) slots.set(c.key, { at: due });
    else if (now - due <= takeoverMs) overdue.push(c);
  }
  const windowMs = Math.max(CATCH_UP_MS, Math.ceil((overdue.length / CATCH_UP_PER_SECOND) * 1000));
  let catchUpMs = 0;
  for (const c of overdue) {
    const within = Math.min(c.intervalMs, windowMs);
    catchUpMs = Math.max(catchUpMs, within);
    slots.set(c.key, { at: now + phaseOffset(c.key, within), grid: c.lastProbedAt });
  }
  return { slots, atSlot: slots.size - overdue.length, caughtUp: overdue.length, catchUpMs };
}

export interface GainedSlots {
  /** The first slot of each check kept on its slot or caught up; the others are absent. */
  slots: Map<string, FirstSlot>;
  /** Checks kept on their previous prober's slot. */
  atSlot: number;
  /** Overdue checks caught up… */
  caughtUp: number;
  /** …within this long from now (0 when none). */
  catchUpMs: number;
}
