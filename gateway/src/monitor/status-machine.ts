import { STATUS_SEVERITY, type CheckResult, type Status } from '@aether/contract';
import type { CheckState } from '../store/types.js';
import { withStatusChange } from './flap-history.js';

export interface Thresholds {
  failAfter: number;
  recoverAfter: number;
}

export interface Transition {
  from: Status;
  to: Status;
  /** The timestamp of the result that tipped it. */
  at: string;
}

export function initialCheckState(serviceId: string, checkId: string): CheckState {
  return {
    serviceId,
    checkId,
    status: 'unknown',
    since: null,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    lastResult: null,
    statusChanges: undefined,
  };
}

/** A success whose latency budget or certificate margin was missed: conditions hold, but not comfortably. */
function degradedBy(result: CheckResult): boolean {
  return (
    result.status === 'degraded' || result.conditions.some((c) => !c.ok && c.severity === 'degrade')
  );
}

/**
 * One result applied to one check:
 * - a failure counts towards failAfter; the check goes down when the count reaches it, and
 *   keeps its previous status (unknown, up, degraded) until then;
 * - a success resets the failures; from down it needs recoverAfter successes in a row, from
 *   anything else it applies at once: degraded when a 'degrade' condition failed, else up.
 */
export function applyResult(
  state: CheckState,
  result: CheckResult,
  thresholds: Thresholds,
): { state: CheckState; transition: Transition | null } {
  let next: Status;
  let consecutiveFailures = 0;
  let consecutiveSuccesses = 0;
  if (!result.success) {
    consecutiveFailures = state.consecutiveFailures + 1;
    next = consecutiveFailures >= thresholds.failAfter ? 'down' : state.status;
  } else {
    consecutiveSuccesses = state.consecutiveSuccesses + 1;
    const healthy: Status = degradedBy(result) ? 'degraded' : 'up';
    next =
      state.status === 'down' && consecutiveSuccesses < thresholds.recoverAfter ? 'down' : healthy;
  }
  const changed = next !== state.status;
  return {
    // every field written out, in one order: a state made by spreading the last one kept most of
    // its fields outside the object (a heap snapshot: 1.8 MiB at 30,000 checks)
    state: {
      serviceId: state.serviceId,
      checkId: state.checkId,
      status: next,
      since: changed ? result.timestamp : state.since,
      consecutiveFailures,
      consecutiveSuccesses,
      lastResult: result,
      // kept with the state, so a restart resumes a flap episode (flap-history.ts)
      statusChanges: changed
        ? withStatusChange(state.statusChanges, {
            at: result.timestamp,
            from: state.status,
            to: next,
          })
        : state.statusChanges,
    },
    transition: changed ? { from: state.status, to: next, at: result.timestamp } : null,
  };
}

/** The worst of some statuses (unknown without any). */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status | null = null;
  for (const status of statuses)
    if (worst === null || STATUS_SEVERITY[status] > STATUS_SEVERITY[worst]) worst = status;
  return worst ?? 'unknown';
}

/** Why a check is down or degraded, in words an operator reads in the incident list. */
export function describeCause(
  result: CheckResult,
  to: 'down' | 'degraded',
  consecutiveFailures: number,
): string {
  const severity = to === 'down' ? 'fail' : 'degrade';
  const parts = [
    ...result.errors.map((e) => `${e.kind}: ${e.message}`),
    ...result.conditions
      .filter((c) => !c.ok && c.severity === severity)
      .map((c) => `${c.condition}: expected ${c.expected}, got ${c.actual}`),
  ];
  const what =
    parts.length > 0
      ? parts.join('; ')
      : to === 'down'
        ? 'the check failed'
        : 'the check is degraded';
  return to === 'down' && consecutiveFailures > 1
    ? `${consecutiveFailures} failures in a row: ${what}`
    : what;
}
