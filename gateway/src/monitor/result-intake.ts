import type { CheckResult, ConditionResult, ProbeError, ServiceSummary } from '@aether/contract';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus.js';
import type { RunFailure } from '../scheduler/scheduler.js';
import type { ResultStore } from '../store/types.js';
import type { CheckRuntime, ServiceRuntime } from './runtime.js';
import { applyResult, describeCause, worstStatus, type Transition } from './status-machine.js';

/**
 * Probes get their own timeout (check.timeout) and report it as a classified timeout; the
 * scheduler's signal fires this much later, as the backstop for a probe that overruns.
 */
export const PROBE_TIMEOUT_SLACK_MS = 250;

export interface ResultIntake {
  /** A finished run: new check state, stored result, incidents, `result` and `status` events. */
  accept(c: CheckRuntime, result: CheckResult): void;
  /**
   * A result another gateway probed and stored (relayed to this one): the check's state and its
   * service's status follow it in memory, so this gateway's API shows it; nothing is stored,
   * published or opened here — the gateway that probed it did that.
   */
  applyRemote(c: CheckRuntime, result: CheckResult): void;
  /** The result of a run that never produced one (hard deadline, a probe that threw). */
  failedResult(c: CheckRuntime, failure: RunFailure, nowMs: number): CheckResult;
  /** Resolves once every incident write started so far is done. */
  settled(): Promise<void>;
}

/**
 * A result's strings and arrays replaced by equal ones the check already holds (its config's ids,
 * type and target; its previous result's conditions and errors) before the result is kept as its
 * last. A relayed result is parsed JSON, every string a copy: a cluster gateway keeps the last
 * result of 20,000 checks other gateways probe (and the event ring a few thousand more), so the
 * copies were ~150 bytes a check (target, ids, two empty arrays). The result object itself is the
 * one events carry, so what it says is unchanged. Empty lists become one shared, frozen list.
 */
export function shareWithKnown(c: CheckRuntime, result: CheckResult): void {
  // most results have no errors: one frozen empty list for all of them, not one per check
  // (30,000 checks held 30,000 empty arrays, 0.9 MiB)
  if (result.errors.length === 0) result.errors = NO_ERRORS;
  if (result.conditions.length === 0) result.conditions = NO_CONDITIONS;
  if (result.serviceId === c.service.id) result.serviceId = c.service.id;
  if (result.checkId === c.check.id) result.checkId = c.check.id;
  if (result.type === c.check.type) result.type = c.check.type;
  const last = c.state.lastResult;
  if (result.target === c.target) result.target = c.target;
  else if (last && result.target === last.target) result.target = last.target;
  if (!last) return;
  if (sameItems(result.conditions, last.conditions, sameCondition))
    result.conditions = last.conditions;
  if (sameItems(result.errors, last.errors, sameError)) result.errors = last.errors;
}

const NO_ERRORS = Object.freeze([]) as unknown as ProbeError[];
const NO_CONDITIONS = Object.freeze([]) as unknown as ConditionResult[];

function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return false;
  return true;
}

const sameCondition = (x: ConditionResult, y: ConditionResult) =>
  x.condition === y.condition &&
  x.expected === y.expected &&
  x.actual === y.actual &&
  x.ok === y.ok &&
  x.severity === y.severity;

const sameError = (x: ProbeError, y: ProbeError) => x.kind === y.kind && x.message === y.message;

/**
 * Where results turn into state. The store writes of the result itself are synchronous buffered
 * calls (hot path); incident writes are async and go through one ordered chain (transitions are
 * rare), so a close always lands before the next open of the same check.
 */
export function createResultIntake(options: {
  store: ResultStore;
  events: EventBus;
  logger: Pick<Logger, 'error'>;
  services: Map<string, ServiceRuntime>;
  /** The service's summary must be rebuilt (something about it changed). */
  onChange: (s: ServiceRuntime) => void;
  /** Its list entry as published with a `status` event. */
  summaryOf: (s: ServiceRuntime) => ServiceSummary;
}): ResultIntake {
  const { store, events, logger, services, onChange, summaryOf } = options;
  let incidentWrites: Promise<void> = Promise.resolve();

  function recordIncident(c: CheckRuntime, transition: Transition): void {
    const to = transition.to;
    const opens = to === 'down' || to === 'degraded';
    const cause = opens ? describeCause(c.state.lastResult!, to, c.state.consecutiveFailures) : '';
    incidentWrites = incidentWrites
      .then(async () => {
        if (c.incident) {
          await store.closeIncident(c.incident.id, transition.at);
          c.incident = null;
        }
        if (opens) {
          c.incident = await store.openIncident({
            serviceId: c.service.id,
            checkId: c.check.id,
            status: to as 'down' | 'degraded',
            startedAt: transition.at,
            cause,
          });
        }
      })
      .catch((error: unknown) =>
        logger.error({ err: error, check: c.key }, 'storing an incident failed'),
      );
  }

  return {
    accept(c, result) {
      shareWithKnown(c, result);
      const { state, transition } = applyResult(c.state, result, c.check);
      c.state = state;
      const s = services.get(c.service.id)!;
      onChange(s);
      try {
        store.recordResult(result);
        store.saveCheckState(state);
      } catch (error) {
        logger.error({ err: error, check: c.key }, 'storing a result failed');
      }
      if (transition) recordIncident(c, transition);
      events.publish('result', result);
      const previous = s.status;
      s.status = worstStatus(s.checks.map((x) => x.state.status));
      if (s.status !== previous) {
        s.since = result.timestamp;
        onChange(s);
        events.publish('status', {
          serviceId: s.config.id,
          checkId: c.check.id,
          status: s.status,
          previous,
          since: s.since,
          service: summaryOf(s),
        });
      }
    },

    applyRemote(c, result) {
      shareWithKnown(c, result);
      c.state = applyResult(c.state, result, c.check).state;
      const s = services.get(c.service.id)!;
      const previous = s.status;
      s.status = worstStatus(s.checks.map((x) => x.state.status));
      if (s.status !== previous) s.since = result.timestamp;
      onChange(s);
    },

    failedResult(c, failure, nowMs) {
      const timedOut = failure.reason === 'hard-deadline';
      return {
        serviceId: c.service.id,
        checkId: c.check.id,
        type: c.check.type,
        timestamp: new Date(nowMs).toISOString(),
        success: false,
        status: 'down',
        durationMs: timedOut ? c.check.timeout + PROBE_TIMEOUT_SLACK_MS : 0,
        conditions: [],
        errors: [{ kind: timedOut ? 'timeout' : 'unknown', message: failure.message }],
        target: c.target,
      };
    },

    settled: () => incidentWrites,
  };
}
