import type { CheckResult, ServiceSummary, VerifyRequest } from '@aether/contract';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AetherConfig } from '../config/schema.js';
import { buildDependencyGraph, transitiveDependents } from '../dependencies/dependency-graph.js';
import { rootCauseOf } from '../dependencies/root-cause.js';
import type { EventBus } from '../events/bus.js';
import type { ResultStore } from '../store/types.js';
import { createCheckJobs } from './check-jobs.js';
import { groupFlaps } from './flap-groups.js';
import { createFlapWatch } from './flap-watch.js';
import { historySeries } from './history-series.js';
import { createPruneTimer } from './prune-timer.js';
import { createResultIntake } from './result-intake.js';
import { reconfigureView, type MonitorChanges } from './reconfigure.js';
import { restoreState } from './restore-state.js';
import { checkKeyOf, type ServiceRuntime } from './runtime.js';
import { detailOf, summaryOf } from './service-views.js';
import type { CheckOwnership, Monitor, MonitorStats, ProbeFn } from './types.js';
import { createUptimeColumns } from './uptime-columns.js';

export type { ProbeFn } from './types.js';

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

export type ScheduledMonitor = Monitor &
  Required<Pick<Monitor, 'stats' | 'onRun' | 'checkStatuses'>> & {
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
 * checks as scheduler jobs and shard ownership (check-jobs), flap episodes (flap-watch), list
 * entries and uptime columns (service-views, uptime-columns), history at the one step rule
 * (history-series) and retention (prune-timer). It keeps a view the API can read at 10,000
 * services without touching the store.
 */
export async function createMonitor(deps: MonitorDeps): Promise<ScheduledMonitor> {
  const { config, store, clock, probe, events, logger } = deps;

  const { services, checks } = await restoreState(config, store, clock);
  // The list is patched where services changed rather than made again: under ~1,000 status
  // changes a second nearly every read of it follows a change, and remaking it walked 10,000
  // services for the handful that changed since the last read.
  let list: ServiceSummary[] | null = null;
  /** Services whose entry changed since `list` was made or patched. */
  const stale = new Set<ServiceRuntime>();
  const changed = (s: ServiceRuntime) => {
    s.summary = null;
    if (!list) return;
    stale.add(s);
    // past a quarter of the fleet the next read makes the list whole anyway: dropped now, with the
    // entries it holds, rather than kept until a read (a cluster gateway nobody lists held a list
    // of 30,000 outdated entries and a set of every service, 0.63 MiB, as its results came in)
    if (stale.size * 4 >= services.size) {
      list = null;
      stale.clear();
    }
  };
  const currentList = (): ServiceSummary[] => {
    if (list) {
      if (stale.size === 0) return list;
      const next = list.slice();
      for (const s of stale) {
        // a service no longer listed at that place (removed, replaced by a reload): make it whole
        if (s.listAt < 0 || s.listAt >= next.length || services.get(s.config.id) !== s)
          return wholeList();
        next[s.listAt] = summary(s);
      }
      stale.clear();
      return (list = next);
    }
    return wholeList();
  };
  const wholeList = (): ServiceSummary[] => {
    stale.clear();
    const made = new Array<ServiceSummary>(services.size); // exact size: no room left by push
    let at = 0;
    for (const s of services.values()) {
      s.listAt = at;
      made[at++] = summary(s);
    }
    return (list = made);
  };
  const uptime = createUptimeColumns({
    store,
    clock,
    logger,
    refreshMs: deps.uptimeRefreshMs ?? 30_000,
    // only the entries whose values moved (a few slices of them a second): not the whole fleet
    onRefresh: (ids) => {
      for (const id of ids) {
        const s = services.get(id);
        if (s) changed(s);
      }
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
  const summary = (s: ServiceRuntime) => summaryOf(s, uptime.get, rootCause, flaps.view);
  const flaps = createFlapWatch({
    config,
    clock,
    events,
    services,
    summaryOf: summary,
    onChange: changed,
  });
  const intake = createResultIntake({
    store,
    events,
    logger,
    services,
    summaryOf: summary,
    onChange: (s) => {
      changed(s);
      const previous = s.seen;
      if (previous === s.status) return;
      s.seen = s.status;
      flaps.statusChanged(s, previous);
      for (const id of transitiveDependents(graph, s.config.id)) changed(services.get(id)!);
    },
  });
  const jobs = createCheckJobs({
    checks,
    services,
    intake,
    probe,
    store,
    clock,
    logger,
    concurrency: deps.concurrency ?? config.server.concurrency,
    ownership: deps.ownership,
  });
  const { scheduler } = jobs;
  // often, so each prune deletes a minute of rows (a short pause) rather than ten minutes of them
  const prune = createPruneTimer({ store, clock, logger, everyMs: deps.pruneEveryMs ?? 60_000 });

  let reconfiguring: Promise<unknown> = Promise.resolve();
  async function reconfigure(next: AetherConfig): Promise<MonitorChanges> {
    await intake.settled(); // an incident being opened now is on its check before we look
    const view = reconfigureView({
      config: next,
      services,
      checks,
      store,
      clock,
      jobOf: jobs.jobOf,
    });
    graph = buildDependencyGraph(next.services);
    flaps.reconfigure(next);
    scheduler.removeAll(view.jobs.remove);
    jobs.addOwned(view.jobs.add);
    list = null;
    await view.incidentsClosed;
    if (view.jobs.remove.length + view.jobs.add.length > 0 || view.changes.changed.length > 0)
      logger.info({ ...view.changes.checks, services: services.size }, 'monitor reconfigured');
    return view.changes;
  }

  let running = false;

  await uptime.refresh();

  return {
    get running() {
      return running;
    },

    start() {
      if (running) return;
      running = true;
      scheduler.start();
      prune.start();
    },

    async stop() {
      const wasRunning = running;
      running = false;
      jobs.unwatch();
      prune.stop();
      flaps.stop();
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
      return currentList();
    },

    checksOf(id) {
      return services.get(id)?.checks.map((c) => ({
        id: c.check.id,
        type: c.check.type,
        status: c.state.status,
        lastResult: c.state.lastResult,
      }));
    },

    *checkStatuses() {
      for (const s of services.values())
        for (const c of s.checks)
          yield {
            serviceId: s.config.id,
            checkId: c.check.id,
            type: c.check.type,
            status: c.state.status,
          };
    },

    dependentsOf(id) {
      return transitiveDependents(graph, id);
    },

    getService(id) {
      const s = services.get(id);
      if (!s) return undefined;
      void uptime.refresh();
      return detailOf(s, uptime.get, rootCause, flaps.view);
    },

    history(serviceId, query) {
      return historySeries(store, serviceId, query);
    },

    async incidents(serviceId, limit = 50) {
      await intake.settled(); // what happened before the question is in the answer
      const incidents = await store.listIncidents(serviceId, limit);
      const s = services.get(serviceId);
      return s ? groupFlaps(incidents, flaps.settingsOf(s)) : incidents;
    },

    async verify(request: VerifyRequest) {
      const ids = new Set(request.services ?? []);
      const tags = new Set(request.tags ?? []);
      const everything = ids.size === 0 && tags.size === 0;
      const matching = [...services.values()].filter(
        (s) => everything || ids.has(s.config.id) || s.config.tags.some((t) => tags.has(t)),
      );
      return Promise.all(matching.flatMap((s) => s.checks.map((c) => jobs.runNow(c))));
    },

    applyRemoteResult(result) {
      const c = checks.get(checkKeyOf(result.serviceId, result.checkId));
      if (c && !scheduler.has(c.key)) intake.applyRemote(c, result);
    },

    stats(): MonitorStats {
      return { ...scheduler.stats(), services: services.size, checks: checks.size };
    },

    onRun: jobs.onRun,

    reconfigure(next) {
      const applied = reconfiguring.then(() => reconfigure(next));
      reconfiguring = applied.catch(() => undefined);
      return applied;
    },
  };
}
