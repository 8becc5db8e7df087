import type { Clock } from '../clock.js';
import { RunFailure, type Execute, type Fallback, type ScheduledJob } from './run-types.js';

export interface TimedRunOutcome<R> {
  result: R;
  /** The probe ignored its abort signal and was given up at the hard deadline. */
  abandoned: boolean;
  /** Aborted by stop(), not by the job's timeout. */
  cancelled: boolean;
  /** Settles when the probe itself does: later than the outcome when it was abandoned. */
  probe: Promise<unknown>;
}

export interface TimedRunDeps<R> {
  clock: Clock;
  execute: Execute<R>;
  fallback: Fallback<R>;
  /** How long past its timeout a probe that ignores its signal is waited for. */
  graceMs: number;
}

/**
 * Starts one run of a job with its timeout enforced twice: an AbortSignal at the timeout, and a
 * hard deadline `graceMs` later, when the run is given up even if the probe ignores the signal.
 * A probe that throws or is given up yields the fallback result, so `done` always gets one.
 * Calls back instead of returning a promise: one microtask fewer on the scheduler's hot path.
 * Returns the controller, which stop() aborts with a 'stopped' RunFailure.
 */
export function startTimedRun<R>(
  job: ScheduledJob,
  { clock, execute, fallback, graceMs }: TimedRunDeps<R>,
  done: (outcome: TimedRunOutcome<R>) => void,
): AbortController {
  const controller = new AbortController();
  let settled = false;
  // armed only once the abort went out: a probe that answers in time costs one timer, not two
  let hardTimer: unknown;
  const abortTimer = clock.setTimeout(() => {
    // the same reason AbortSignal.timeout() gives, so probes can tell a timeout from a cancel
    controller.abort(new DOMException(`timed out after ${job.timeoutMs} ms`, 'TimeoutError'));
    hardTimer = clock.setTimeout(() => finish({ kind: 'deadline' }), graceMs);
  }, job.timeoutMs);
  const probe = Promise.resolve()
    .then(() => execute(job, controller.signal))
    .then(
      (result) => ({ kind: 'result' as const, result }),
      (error: unknown) => ({ kind: 'threw' as const, error }),
    );

  function finish(
    outcome:
      { kind: 'result'; result: R } | { kind: 'threw'; error: unknown } | { kind: 'deadline' },
  ): void {
    if (settled) return;
    settled = true;
    clock.clearTimeout(abortTimer);
    if (hardTimer !== undefined) clock.clearTimeout(hardTimer);
    const abandoned = outcome.kind === 'deadline';
    const result =
      outcome.kind === 'result'
        ? outcome.result
        : fallback(
            job,
            abandoned
              ? new RunFailure(
                  'hard-deadline',
                  `no answer ${job.timeoutMs + graceMs} ms after start, even after abort`,
                )
              : new RunFailure('threw', `the probe threw: ${String(outcome.error)}`, {
                  cause: outcome.error,
                }),
          );
    const reason: unknown = controller.signal.reason;
    const cancelled =
      controller.signal.aborted && reason instanceof RunFailure && reason.reason === 'stopped';
    done({ result, abandoned, cancelled, probe });
  }

  void probe.then(finish);
  return controller;
}
