import type {
  CheckDetail,
  CheckResult,
  History,
  Incident,
  ServiceDetail,
  ServiceSummary,
  Status,
  Uptime,
  VerifyRequest,
} from '@aether/contract';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AetherConfig, CheckConfig, ServiceConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import type { RunFailure } from '../scheduler/scheduler.js';
import { Scheduler, type RunInfo } from '../scheduler/scheduler.js';
import type { CheckState, ResultStore } from '../store/types.js';
import { describeTarget } from './check-target.js';
import {
  applyResult,
  describeCause,
  initialCheckState,
  worstStatus,
  type Transition,
} from './status-machine.js';
import type { Monitor, MonitorStats } from './types.js';

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
}

/**
 * Probes get their own timeout (check.timeout) and report it as a classified timeout; the
 * scheduler's signal fires this much later, as the backstop for a probe that overruns.
 */
const PROBE_TIMEOUT_SLACK_MS = 250;
const HOUR = 3_600_000;
const MAX_HISTORY_POINTS = 5000;

interface CheckRuntime {
  key: string;
  service: ServiceConfig;
  check: CheckConfig;
  target: string;
  state: CheckState;
  incident: Incident | null;
}

interface ServiceRuntime {
  config: ServiceConfig;
  checks: CheckRuntime[];
  status: Status;
  since: string | null;
  /** Rebuilt lazily: null after a change. */
  summary: ServiceSummary | null;
}

type RunListener = (info: RunInfo & { serviceId: string; checkId: string }) => void;

export type ScheduledMonitor = Monitor & Required<Pick<Monitor, 'stats' | 'onRun'>>;

/**
 * The gateway's watch over every configured check: schedules them, turns results into
 * check and service status and incidents, stores results, publishes `result` and `status`
 * events, and keeps a view the API can read at 10,000 services without touching the store.
 */
export async function createMonitor(deps: MonitorDeps): Promise<ScheduledMonitor> {
  const { config, store, clock, probe, events, logger } = deps;
  const uptimeRefreshMs = deps.uptimeRefreshMs ?? 30_000;
  // often, so each prune deletes a minute of rows (a short pause) rather than ten minutes of them
  const pruneEveryMs = deps.pruneEveryMs ?? 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  // --- the view, restored from the store --------------------------------------------------
  const saved = new Map(
    (await store.loadCheckStates()).map((s) => [`${s.serviceId}/${s.checkId}`, s]),
  );
  const openIncidents = new Map(
    (await store.openIncidents()).map((i) => [`${i.serviceId}/${i.checkId}`, i]),
  );
  const services = new Map<string, ServiceRuntime>();
  const checks = new Map<string, CheckRuntime>();
  for (const service of config.services) {
    const runtime: ServiceRuntime = {
      config: service,
      checks: [],
      status: 'unknown',
      since: null,
      summary: null,
    };
    for (const check of service.checks) {
      const key = `${service.id}/${check.id}`;
      const state = saved.get(key) ?? initialCheckState(service.id, check.id);
      let incident = openIncidents.get(key) ?? null;
      if (incident && state.status !== incident.status) {
        // the check left that state while nobody recorded it (config edit, crash): end it now
        await store.closeIncident(incident.id, iso(clock.now()));
        incident = null;
      }
      const entry: CheckRuntime = {
        key,
        service,
        check,
        target: describeTarget(service, check),
        state,
        incident,
      };
      runtime.checks.push(entry);
      checks.set(key, entry);
    }
    runtime.status = worstStatus(runtime.checks.map((c) => c.state.status));
    // since a restart, the best guess is the earliest check that has been in the worst state
    runtime.since =
      runtime.checks
        .filter((c) => c.state.status === runtime.status && c.state.since)
        .map((c) => c.state.since!)
        .sort()[0] ?? null;
    services.set(service.id, runtime);
  }

  // --- uptime columns, cached ----------------------------------------------------------------
  let uptime = new Map<string, Uptime>();
  let uptimeAt = -Infinity;
  let uptimeLoading: Promise<void> | null = null;
  /**
   * Starts a refresh when the columns are older than uptimeRefreshMs; readers get the values
   * they had meanwhile (the store is async, the list is not), at most one refresh at a time.
   */
  function refreshUptime(): Promise<void> {
    const now = clock.now();
    if (uptimeLoading || now - uptimeAt < uptimeRefreshMs)
      return uptimeLoading ?? Promise.resolve();
    uptimeAt = now;
    uptimeLoading = loadUptime(now)
      .catch((error: unknown) => logger.error({ err: error }, 'reading uptime failed'))
      .finally(() => {
        uptimeLoading = null;
      });
    return uptimeLoading;
  }
  async function loadUptime(now: number): Promise<void> {
    const [h1, h24, d7] = await Promise.all([
      store.uptimeByService(now - HOUR, now),
      store.uptimeByService(now - 24 * HOUR, now),
      store.uptimeByService(now - 7 * 24 * HOUR, now),
    ]);
    const windows = { h1, h24, d7 };
    const ratio = (counts: { count: number; failures: number } | undefined) =>
      counts && counts.count > 0 ? (counts.count - counts.failures) / counts.count : null;
    uptime = new Map(
      [...services.keys()].map((id) => [
        id,
        {
          h1: ratio(windows.h1.get(id)),
          h24: ratio(windows.h24.get(id)),
          d7: ratio(windows.d7.get(id)),
        },
      ]),
    );
    for (const s of services.values()) s.summary = null;
    list = null;
  }

  let list: ServiceSummary[] | null = null;
  function summaryOf(s: ServiceRuntime): ServiceSummary {
    if (s.summary) return s.summary;
    let last: CheckResult | null = null;
    for (const c of s.checks)
      if (c.state.lastResult && (!last || c.state.lastResult.timestamp > last.timestamp))
        last = c.state.lastResult;
    s.summary = {
      id: s.config.id,
      name: s.config.name,
      group: s.config.group,
      tags: s.config.tags,
      status: s.status,
      since: s.since,
      lastLatencyMs: last?.durationMs ?? null,
      lastCheckedAt: last?.timestamp ?? null,
      uptime: uptime.get(s.config.id) ?? { h1: null, h24: null, d7: null },
      checks: s.checks.map((c) => ({
        id: c.check.id,
        type: c.check.type,
        status: c.state.status,
        since: c.state.since,
      })),
    };
    return s.summary;
  }

  // --- results --------------------------------------------------------------------------------
  const runListeners = new Set<RunListener>();

  /** Incident writes of all checks, in order; stop() waits for them. Transitions are rare, so one chain is enough. */
  let incidentWrites: Promise<void> = Promise.resolve();
  function handleTransition(c: CheckRuntime, transition: Transition): void {
    const cause =
      transition.to === 'down' || transition.to === 'degraded'
        ? describeCause(c.state.lastResult!, transition.to, c.state.consecutiveFailures)
        : null;
    incidentWrites = incidentWrites
      .then(async () => {
        if (c.incident) {
          await store.closeIncident(c.incident.id, transition.at);
          c.incident = null;
        }
        if (cause !== null) {
          c.incident = await store.openIncident({
            serviceId: c.service.id,
            checkId: c.check.id,
            status: transition.to as 'down' | 'degraded',
            startedAt: transition.at,
            cause,
          });
        }
      })
      .catch((error: unknown) =>
        logger.error({ err: error, check: c.key }, 'storing an incident failed'),
      );
  }

  function accept(c: CheckRuntime, result: CheckResult): void {
    const { state, transition } = applyResult(c.state, result, c.check);
    c.state = state;
    const s = services.get(c.service.id)!;
    s.summary = null;
    list = null;
    try {
      store.recordResult(result);
      store.saveCheckState(state);
      if (transition) handleTransition(c, transition);
    } catch (error) {
      logger.error({ err: error, check: c.key }, 'storing a result failed');
    }
    events.publish('result', result);
    const previous = s.status;
    s.status = worstStatus(s.checks.map((x) => x.state.status));
    if (s.status !== previous) {
      s.since = result.timestamp;
      s.summary = null;
      events.publish('status', {
        serviceId: s.config.id,
        checkId: c.check.id,
        status: s.status,
        previous,
        since: s.since,
        service: summaryOf(s),
      });
    }
  }

  function failedResult(c: CheckRuntime, failure: RunFailure): CheckResult {
    const timedOut = failure.reason === 'hard-deadline';
    return {
      serviceId: c.service.id,
      checkId: c.check.id,
      type: c.check.type,
      timestamp: iso(clock.now()),
      success: false,
      status: 'down',
      durationMs: timedOut ? c.check.timeout + PROBE_TIMEOUT_SLACK_MS : 0,
      conditions: [],
      errors: [{ kind: timedOut ? 'timeout' : 'unknown', message: failure.message }],
      target: c.target,
    };
  }

  const scheduler = new Scheduler<CheckResult>({
    clock,
    concurrency: deps.concurrency ?? config.server.concurrency,
    execute: async (job, signal) => {
      const c = checks.get(job.key)!;
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
    fallback: (job, failure) => failedResult(checks.get(job.key)!, failure),
    onResult: (job, result, info) => {
      const c = checks.get(job.key)!;
      // a run cut short by shutdown says nothing about the target
      if (!info.cancelled) accept(c, result);
      for (const listener of runListeners)
        listener({ ...info, serviceId: c.service.id, checkId: c.check.id });
    },
  });
  for (const c of checks.values())
    scheduler.add({
      key: c.key,
      intervalMs: c.check.interval,
      timeoutMs: c.check.timeout + PROBE_TIMEOUT_SLACK_MS,
    });

  // --- upkeep ---------------------------------------------------------------------------------
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

  let running = false;
  await refreshUptime();

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
      if (pruneTimer !== undefined) clock.clearTimeout(pruneTimer);
      pruneTimer = undefined;
      await scheduler.stop({ graceMs: 1000, maxWaitMs: 5000 });
      await incidentWrites;
      try {
        await store.flush();
      } catch (error) {
        logger.error({ err: error }, 'flushing results on stop failed');
      }
      if (wasRunning) logger.info({ checks: checks.size }, 'monitor stopped');
    },

    listServices() {
      refreshUptime();
      list ??= [...services.values()].map(summaryOf);
      return list;
    },

    getService(id) {
      const s = services.get(id);
      if (!s) return undefined;
      refreshUptime();
      const detail: ServiceDetail = {
        ...summaryOf(s),
        baseUrl: s.config.baseUrl ?? null,
        checks: s.checks.map((c): CheckDetail => ({
          id: c.check.id,
          type: c.check.type,
          status: c.state.status,
          since: c.state.since,
          target: c.state.lastResult?.target ?? c.target,
          intervalMs: c.check.interval,
          timeoutMs: c.check.timeout,
          failAfter: c.check.failAfter,
          recoverAfter: c.check.recoverAfter,
          consecutiveFailures: c.state.consecutiveFailures,
          consecutiveSuccesses: c.state.consecutiveSuccesses,
          lastResult: c.state.lastResult,
        })),
      };
      return detail;
    },

    async history(serviceId, query): Promise<History> {
      const span = Math.max(1, query.toMs - query.fromMs);
      const asked =
        Number.isFinite(query.stepMs) && query.stepMs > 0
          ? Math.round(query.stepMs)
          : Math.ceil(span / 120);
      const stepMs = Math.max(asked, Math.ceil(span / MAX_HISTORY_POINTS), 1);
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
        from: iso(query.fromMs),
        to: iso(query.toMs),
        stepMs,
        uptime: count > 0 ? (count - failures) / count : null,
        points,
      };
    },

    async incidents(serviceId, limit = 50) {
      await incidentWrites; // what happened before the question is in the answer
      return store.listIncidents(serviceId, limit);
    },

    async verify(request: VerifyRequest) {
      const ids = new Set(request.services ?? []);
      const tags = new Set(request.tags ?? []);
      const everything = ids.size === 0 && tags.size === 0;
      const matching = [...services.values()].filter(
        (s) => everything || ids.has(s.config.id) || s.config.tags.some((t) => tags.has(t)),
      );
      return Promise.all(matching.flatMap((s) => s.checks.map((c) => scheduler.runNow(c.key))));
    },

    stats(): MonitorStats {
      return { ...scheduler.stats(), services: services.size, checks: checks.size };
    },

    onRun(listener) {
      runListeners.add(listener);
      return () => runListeners.delete(listener);
    },
  };
}
