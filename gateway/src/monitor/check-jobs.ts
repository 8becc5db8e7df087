import type { CheckResult } from '@aether/contract';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { RunFailure, Scheduler, type RunInfo, type ScheduledJob } from '../scheduler/scheduler.js';
import type { ResultStore } from '../store/types.js';
import { gainedSlots } from './gained-slots.js';
import { PROBE_TIMEOUT_SLACK_MS, type ResultIntake } from './result-intake.js';
import { checkKeyOf, type CheckRuntime, type ServiceRuntime } from './runtime.js';
import type { CheckOwnership, OwnershipChange, ProbeFn } from './types.js';

const LEASE_LOST = new RunFailure('stopped', "this gateway's lease on the check's shard ran out");

export type RunListener = (info: RunInfo & { serviceId: string; checkId: string }) => void;

export interface CheckJobs {
  readonly scheduler: Scheduler<CheckResult>;
  /** A new scheduler job for the check (its owner until a reconfigure replaces it). */
  jobOf(c: CheckRuntime): ScheduledJob;
  /** Schedules those of the jobs whose check this gateway probes. */
  addOwned(jobs: ScheduledJob[]): void;
  /** Probes the check now: through its job when scheduled here, else once, recording nothing. */
  runNow(c: CheckRuntime): Promise<CheckResult>;
  onRun(listener: RunListener): () => void;
  /** Stops following shard ownership. */
  unwatch(): void;
}

/**
 * The checks as scheduler jobs: which check a job probes, what a run that overran or lost its
 * lease means, where finished runs go (result intake), and which checks this gateway probes as
 * its shard leases come and go.
 */
export function createCheckJobs(options: {
  checks: Map<string, CheckRuntime>;
  /** The checks of each service: a lease change naming its shards looks at their services only. */
  services?: ReadonlyMap<string, ServiceRuntime>;
  intake: ResultIntake;
  probe: ProbeFn;
  store: Pick<ResultStore, 'openIncidents'>;
  clock: Clock;
  logger: Pick<Logger, 'error' | 'info'>;
  concurrency: number;
  ownership?: CheckOwnership;
}): CheckJobs {
  const { checks, services, intake, probe, store, clock, logger, ownership } = options;
  const runListeners = new Set<RunListener>();
  // Which check a job runs for: after a reconfigure a key can name a new check (replaced) or none
  // (removed) while the old job's run is still in flight; its result belongs to neither.
  const ownerOf = new WeakMap<ScheduledJob, CheckRuntime>();
  const current = (job: ScheduledJob) => {
    const c = ownerOf.get(job)!;
    return checks.get(job.key) === c ? c : undefined;
  };
  const jobOf = (c: CheckRuntime): ScheduledJob => {
    const job = {
      key: c.key,
      intervalMs: c.check.interval,
      timeoutMs: c.check.timeout + PROBE_TIMEOUT_SLACK_MS,
    };
    ownerOf.set(job, c);
    return job;
  };
  const owned = (c: CheckRuntime) => !ownership || ownership.owns(c.service.id);
  const held = (c: CheckRuntime) =>
    !ownership || (ownership.holds?.(c.service.id) ?? ownership.owns(c.service.id));
  const scheduler = new Scheduler<CheckResult>({
    clock,
    concurrency: options.concurrency,
    execute: async (job, signal) => {
      const c = ownerOf.get(job)!;
      // the lease ran out a moment ago (its job goes with the next ownership sync): not ours to probe
      if (!owned(c)) return intake.failedResult(c, LEASE_LOST, clock.now());
      const result = await probe(c.service, c.check, { signal, target: c.target });
      // our backstop fired before the probe's own timer: still a timeout, not an unknown error
      if (
        signal.aborted &&
        (signal.reason as Error | undefined)?.name === 'TimeoutError' &&
        !result.errors.some((e) => e.kind === 'timeout')
      ) {
        return {
          ...result,
          success: false,
          status: 'down',
          errors: [{ kind: 'timeout', message: `no answer within ${c.check.timeout} ms` }],
        };
      }
      return result;
    },
    fallback: (job, failure) => intake.failedResult(ownerOf.get(job)!, failure, clock.now()),
    onResult: (job, result, info) => {
      const c = current(job);
      // a run cut short by shutdown says nothing about the target; one of a check that was
      // replaced or removed meanwhile says nothing about what is configured now
      // nor is the result of a run whose lease ran out meanwhile: another gateway may own it now
      if (c && !info.cancelled && owned(c)) intake.accept(c, result);
      const { service, check } = ownerOf.get(job)!;
      for (const listener of runListeners)
        listener({ ...info, serviceId: service.id, checkId: check.id });
    },
  });
  const addOwned = (jobs: ScheduledJob[]) =>
    scheduler.addAll(jobs.filter((job) => held(ownerOf.get(job)!)));
  scheduler.addAll([...checks.values()].filter(held).map(jobOf));

  /**
   * The checks a lease change may have moved: those of the services in the shards that changed
   * hands, when the change names them; else every check. Checks of other shards keep their job
   * (a run whose lease ran out meanwhile is refused by `owned` before it probes).
   */
  function movedBy(change: OwnershipChange | undefined): Iterable<CheckRuntime> {
    const lost = change && ownership?.servicesIn?.(change.lost);
    const gained = change && ownership?.servicesIn?.(change.gained);
    if (!lost || !gained || !services) return checks.values();
    const moved: CheckRuntime[] = [];
    for (const ids of [lost, gained])
      for (const id of ids) for (const c of services.get(id)?.checks ?? []) moved.push(c);
    return moved;
  }

  // Shards came or went: lost checks stop now; gained ones run on the slots their previous prober
  // would have used (gained-slots.ts: at their slot when probed within their interval, overdue
  // ones caught up within seconds), with the incidents their previous prober left open, so a
  // recovery closes them.
  let ownershipSync: Promise<void> = Promise.resolve();
  async function syncOwnership(change: OwnershipChange | undefined): Promise<void> {
    const lost: string[] = [];
    const gained: CheckRuntime[] = [];
    for (const c of movedBy(change)) {
      if (checks.get(c.key) !== c) continue;
      const scheduled = scheduler.has(c.key);
      if (scheduled && !held(c)) lost.push(c.key);
      else if (!scheduled && held(c)) gained.push(c);
    }
    scheduler.removeAll(lost);
    if (gained.length === 0) return;
    await intake.settled();
    const open = await store.openIncidents().catch((error: unknown) => {
      logger.error({ err: error }, 'reading open incidents of gained checks failed');
      return [];
    });
    const byKey = new Map(open.map((i) => [checkKeyOf(i.serviceId, i.checkId), i]));
    const adding = gained.filter(
      (c) => checks.get(c.key) === c && held(c) && !scheduler.has(c.key),
    );
    for (const c of adding) c.incident = byKey.get(c.key) ?? c.incident;
    const { slots, atSlot, caughtUp, catchUpMs } = gainedSlots(
      adding.map((c) => ({
        key: c.key,
        intervalMs: c.check.interval,
        lastProbedAt: c.state.lastResult ? Date.parse(c.state.lastResult.timestamp) : NaN,
      })),
      clock.now(),
      ownership?.takeoverMs?.(),
    );
    scheduler.addAll(adding.map(jobOf), (job) => slots.get(job.key));
    // one line a lease change: when a take-over's checks run again (the cluster scenario reads it)
    logger.info(
      { checks: adding.length, atSlot, caughtUp, catchUpMs, spread: adding.length - slots.size },
      'gained checks scheduled',
    );
  }
  const unwatchOwnership = ownership?.onChange((change) => {
    ownershipSync = ownershipSync
      .then(() => syncOwnership(change))
      .catch((error: unknown) => logger.error({ err: error }, 'following shard ownership failed'));
  });

  return {
    scheduler,
    jobOf,
    addOwned,
    runNow(c) {
      if (scheduler.has(c.key)) return scheduler.runNow(c.key);
      // a check another gateway probes, verified here: its answer is returned, while its record
      // (state, stored result, incidents) stays with the gateway that holds its shard
      const signal = AbortSignal.timeout(c.check.timeout + PROBE_TIMEOUT_SLACK_MS);
      return probe(c.service, c.check, { signal, target: c.target });
    },
    onRun(listener) {
      runListeners.add(listener);
      return () => runListeners.delete(listener);
    },
    unwatch() {
      unwatchOwnership?.();
    },
  };
}
