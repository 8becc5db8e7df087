import type { CheckResult, HistorySeries, ServiceSummary, VerifyRequest } from '@aether/contract';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AetherConfig, CheckConfig, ServiceConfig } from '../config/schema.js';
import { buildDependencyGraph, transitiveDependents } from '../dependencies/dependency-graph.js';
import { rootCauseOf } from '../dependencies/root-cause.js';
import type { EventBus } from '../events/bus.js';
import { RunFailure, Scheduler, type RunInfo, type ScheduledJob } from '../scheduler/scheduler.js';
import type { ResultStore } from '../store/types.js';
import { historyStep } from './history-step.js';
import { createResultIntake, PROBE_TIMEOUT_SLACK_MS } from './result-intake.js';
import { reconfigureView, type MonitorChanges } from './reconfigure.js';
import { restoreState } from './restore-state.js';
import { checkKeyOf, type CheckRuntime, type ServiceRuntime } from './runtime.js';
import { detailOf, summaryOf } from './service-views.js';
import type { CheckOwnership, Monitor, MonitorStats } from './types.js';
import { createUptimeColumns } from './uptime-columns.js';
import { FlapDetector, flapSettingsOf } from './flap-detector.js';
import { groupFlaps } from './flap-groups.js';

/** Runs one check once; never throws (the real one is runProbe from ../probes). */
export type ProbeFn = (
  service: ServiceConfig,
  check: CheckConfig,
  options: { signal: AbortSignal },
) => Promise<CheckResult>;

export interface MonitorDeps {
  config: AetherConfig;
  store: ResultStore;
  clock: Clock;
  probe: ProbeFn;
  events: EventBus;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Probes at once; config.server.concurrency by default. */
  concurrency?: number;
  /** How stale the uptime columns may get before the store is asked again. */
  uptimeRefreshMs?: number;
  pruneEveryMs?: number;
  /** Which checks this gateway probes (a cluster's shard leases); all of them when absent. */
  ownership?: CheckOwnership;
}

const LEASE_LOST = new RunFailure('stopped', "this gateway's lease on the check's shard ran out");

type RunListener = (info: RunInfo & { serviceId: string; checkId: string }) => void;

export type ScheduledMonitor = Monitor &
  Required<Pick<Monitor, 'stats' | 'onRun'>> & {
    /**
     * Applies a new config while running: unchanged checks keep their job, state and since;
     * changed ones are replaced; added services start (spread like a start); removed ones stop.
     * Calls are serialized. Publishes nothing: the reloader announces the new config.
     */
    reconfigure(config: AetherConfig): Promise<MonitorChanges>;
    /**
     * A result another gateway probed (a cluster relays them): the check's state and its
     * service's status follow it here, so this gateway's API is current too. Ignored for checks
     * this gateway probes itself, and for checks it does not know.
     */
    applyRemoteResult(result: CheckResult): void;
  };

/**
 * The gateway's watch over every configured check, wired from its parts: the view restored
 * from the store (restore-state), results turned into status and incidents (result-intake),
 * list entries and uptime columns (service-views, uptime-columns), and the one history step
 * rule (history-step). It schedules the checks, prunes the store, and keeps a view the API
 * can read at 10,000 services without touching the store.
 */
export async function createMonitor(deps: MonitorDeps): Promise<ScheduledMonitor> {
  const { config, store, clock, probe, events, logger } = deps;
  // often, so each prune deletes a minute of rows (a short pause) rather than ten minutes of them
  const pruneEveryMs = deps.pruneEveryMs ?? 60_000;

  const { services, checks } = await restoreState(config, store, clock);
  const restoredStatus = new Map([...services].map(([id, s]) => [id, s.status as string]));
  let list: ServiceSummary[] | null = null;
  const uptime = createUptimeColumns({
    store,
    clock,
    logger,
    refreshMs: deps.uptimeRefreshMs ?? 30_000,
    onRefresh: () => {
      for (const s of services.values()) s.summary = null;
      list = null;
    },
  });
  // root cause reads the dependencies' live status; a status change rebuilds its dependents' entries
  // replaced by a reconfigure: dependsOn may change, and a removed service must not be walked to
  let graph = buildDependencyGraph(config.services);
  const health = (id: string) => {
    const s = services.get(id);
    return (
      s && {
        status: s.status,
        checks: s.checks.map((c) => ({ id: c.check.id, status: c.state.status })),
      }
    );
  };
  const rootCause = (id: string) => rootCauseOf(graph, id, health);
  const statusSeen = new Map<string, string>();
  // Flap detection per service, fed by its status changes; a timer ends an episode after a
  // quiet window (no status change follows then, so it announces the end itself).
  let flapConfig: Pick<AetherConfig, 'flapping'> = config;
  const flaps = new Map<string, { detector: FlapDetector; quietTimer?: unknown }>();
  const flapOf = (s: ServiceRuntime) => {
    let entry = flaps.get(s.config.id);
    if (!entry) {
      entry = { detector: new FlapDetector(flapSettingsOf(flapConfig, s.config)) };
      flaps.set(s.config.id, entry);
    }
    return entry;
  };
  const flapView = (id: string) => {
    const detector = flaps.get(id)?.detector;
    return detector?.flapping
      ? { flapping: true, changes: detector.episodeChanges }
      : { flapping: false, changes: 0 };
  };
  const summary = (s: ServiceRuntime) => summaryOf(s, uptime.get, rootCause, flapView);
  function armQuietTimer(s: ServiceRuntime): void {
    const entry = flapOf(s);
    if (entry.quietTimer !== undefined) clock.clearTimeout(entry.quietTimer);
    entry.quietTimer = undefined;
    const quietAt = entry.detector.quietAtMs();
    if (quietAt === null) return;
    entry.quietTimer = clock.setTimeout(
      () => {
        entry.quietTimer = undefined;
        if (services.get(s.config.id) !== s || !entry.detector.settle(clock.now())) return;
        s.summary = null;
        list = null;
        // the same status with flapping over: the list, SSE and the alert dispatcher hear it
        events.publish('status', {
          serviceId: s.config.id,
          checkId: s.checks[0]?.check.id ?? '',
          status: s.status,
          previous: s.status,
          since: s.since ?? new Date(clock.now()).toISOString(),
          service: summary(s),
        });
      },
      Math.max(0, quietAt - clock.now()),
    );
  }
  /** The service's status changed (from a known one): feed its flap detector. */
  function statusChanged(s: ServiceRuntime, previous: string | undefined): void {
    if (previous === undefined || previous === 'unknown' || s.status === 'unknown') return;
    const at = s.since ? Date.parse(s.since) : clock.now();
    flapOf(s).detector.recordChange(at);
    armQuietTimer(s);
  }
  const intake = createResultIntake({
    store,
    events,
    logger,
    services,
    summaryOf: summary,
    onChange: (s) => {
      s.summary = null;
      list = null;
      const previous = statusSeen.get(s.config.id) ?? restoredStatus.get(s.config.id);
      if (previous === s.status) return;
      statusSeen.set(s.config.id, s.status);
      statusChanged(s, previous);
      for (const id of transitiveDependents(graph, s.config.id)) services.get(id)!.summary = null;
    },
  });

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
  const { ownership } = deps;
  const owned = (c: CheckRuntime) => !ownership || ownership.owns(c.service.id);
  const scheduler = new Scheduler<CheckResult>({
    clock,
    concurrency: deps.concurrency ?? config.server.concurrency,
    execute: async (job, signal) => {
      const c = ownerOf.get(job)!;
      // the lease ran out a moment ago (its job goes with the next ownership sync): not ours to probe
      if (!owned(c)) return intake.failedResult(c, LEASE_LOST, clock.now());
      const result = await probe(c.service, c.check, { signal });
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
  scheduler.addAll([...checks.values()].filter(owned).map(jobOf));

  // Shards came or went: lost checks stop now; gained ones start within one interval (spread
  // like a start), with the incidents their previous prober left open, so a recovery closes them.
  let ownershipSync: Promise<void> = Promise.resolve();
  async function syncOwnership(): Promise<void> {
    const lost = [...checks.values()].filter((c) => !owned(c) && scheduler.has(c.key));
    scheduler.removeAll(lost.map((c) => c.key));
    const gained = [...checks.values()].filter((c) => owned(c) && !scheduler.has(c.key));
    if (gained.length === 0) return;
    await intake.settled();
    const open = await store.openIncidents().catch((error: unknown) => {
      logger.error({ err: error }, 'reading open incidents of gained checks failed');
      return [];
    });
    const byKey = new Map(open.map((i) => [checkKeyOf(i.serviceId, i.checkId), i]));
    const adding = gained.filter(
      (c) => checks.get(c.key) === c && owned(c) && !scheduler.has(c.key),
    );
    for (const c of adding) c.incident = byKey.get(c.key) ?? c.incident;
    scheduler.addAll(adding.map(jobOf));
  }
  const unwatchOwnership = ownership?.onChange(() => {
    ownershipSync = ownershipSync
      .then(syncOwnership)
      .catch((error: unknown) => logger.error({ err: error }, 'following shard ownership failed'));
  });

  // A check another gateway probes, verified here: its answer is returned, while its record
  // (state, stored result, incidents) stays with the gateway that holds its shard.
  async function probeOnce(c: CheckRuntime): Promise<CheckResult> {
    const signal = AbortSignal.timeout(c.check.timeout + PROBE_TIMEOUT_SLACK_MS);
    return probe(c.service, c.check, { signal });
  }

  let reconfiguring: Promise<unknown> = Promise.resolve();
  async function reconfigure(next: AetherConfig): Promise<MonitorChanges> {
    await intake.settled(); // an incident being opened now is on its check before we look
    const { changes, jobs, incidentsClosed } = reconfigureView({
      config: next,
      services,
      checks,
      store,
      clock,
      jobOf,
    });
    graph = buildDependencyGraph(next.services);
    flapConfig = next;
    for (const [id, entry] of flaps) {
      const s = services.get(id);
      if (s) entry.detector.settings = flapSettingsOf(next, s.config);
      else {
        if (entry.quietTimer !== undefined) clock.clearTimeout(entry.quietTimer);
        flaps.delete(id);
      }
    }
    for (const id of changes.removed) statusSeen.delete(id);
    scheduler.removeAll(jobs.remove);
    scheduler.addAll(jobs.add.filter((job) => owned(ownerOf.get(job)!)));
    list = null;
    await incidentsClosed;
    if (jobs.remove.length + jobs.add.length > 0 || changes.changed.length > 0)
      logger.info({ ...changes.checks, services: services.size }, 'monitor reconfigured');
    return changes;
  }

  let running = false;
  let pruneTimer: unknown;
  function armPrune(): void {
    pruneTimer = clock.setTimeout(() => {
      store.prune(clock.now()).then(
        (deleted) => {
          if (deleted > 0) logger.info({ deleted }, 'pruned results past retention');
        },
        (error: unknown) => logger.error({ err: error }, 'pruning results failed'),
      );
      if (running) armPrune();
    }, pruneEveryMs);
  }

  await uptime.refresh();

  return {
    get running() {
      return running;
    },

    start() {
      if (running) return;
      running = true;
      scheduler.start();
      armPrune();
    },

    async stop() {
      const wasRunning = running;
      running = false;
      unwatchOwnership?.();
      if (pruneTimer !== undefined) clock.clearTimeout(pruneTimer);
      pruneTimer = undefined;
      for (const entry of flaps.values())
        if (entry.quietTimer !== undefined) clock.clearTimeout(entry.quietTimer);
      await scheduler.stop({ graceMs: 1000, maxWaitMs: 5000 });
      await intake.settled();
      try {
        await store.flush();
      } catch (error) {
        logger.error({ err: error }, 'flushing results on stop failed');
      }
      if (wasRunning) logger.info({ checks: checks.size }, 'monitor stopped');
    },

    listServices() {
      void uptime.refresh();
      list ??= [...services.values()].map(summary);
      return list;
    },

    dependentsOf(id) {
      return transitiveDependents(graph, id);
    },

    getService(id) {
      const s = services.get(id);
      if (!s) return undefined;
      void uptime.refresh();
      return detailOf(s, uptime.get, rootCause, flapView);
    },

    async history(serviceId, query): Promise<HistorySeries> {
      const stepMs = historyStep(query.toMs - query.fromMs, query.stepMs);
      const points = await store.history({
        serviceId,
        checkId: query.checkId,
        fromMs: query.fromMs,
        toMs: query.toMs,
        stepMs,
      });
      let count = 0;
      let failures = 0;
      for (const p of points) {
        count += p.count;
        failures += p.failures;
      }
      return {
        serviceId,
        checkId: query.checkId ?? null,
        from: new Date(query.fromMs).toISOString(),
        to: new Date(query.toMs).toISOString(),
        stepMs,
        uptime: count > 0 ? (count - failures) / count : null,
        points,
      };
    },

    async incidents(serviceId, limit = 50) {
      await intake.settled(); // what happened before the question is in the answer
      const incidents = await store.listIncidents(serviceId, limit);
      const s = services.get(serviceId);
      return s ? groupFlaps(incidents, flapSettingsOf(flapConfig, s.config)) : incidents;
    },

    async verify(request: VerifyRequest) {
      const ids = new Set(request.services ?? []);
      const tags = new Set(request.tags ?? []);
      const everything = ids.size === 0 && tags.size === 0;
      const matching = [...services.values()].filter(
        (s) => everything || ids.has(s.config.id) || s.config.tags.some((t) => tags.has(t)),
      );
      return Promise.all(
        matching.flatMap((s) =>
          s.checks.map((c) => (scheduler.has(c.key) ? scheduler.runNow(c.key) : probeOnce(c))),
        ),
      );
    },

    applyRemoteResult(result) {
      const c = checks.get(checkKeyOf(result.serviceId, result.checkId));
      if (c && !scheduler.has(c.key)) intake.applyRemote(c, result);
    },

    stats(): MonitorStats {
      return { ...scheduler.stats(), services: services.size, checks: checks.size };
    },

    onRun(listener) {
      runListeners.add(listener);
      return () => runListeners.delete(listener);
    },

    reconfigure(next) {
      const applied = reconfiguring.then(() => reconfigure(next));
      reconfiguring = applied.catch(() => undefined);
      return applied;
    },
  };
}
