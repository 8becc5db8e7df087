import type { CheckResult, ServiceSummary } from '@aether/contract';
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
