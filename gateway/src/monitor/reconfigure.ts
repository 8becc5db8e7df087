import type { Clock } from '../clock.js';
import type { AetherConfig, CheckConfig, ServiceConfig } from '../config/schema.js';
import { describeTarget } from '../probes/check-target.js';
import type { ScheduledJob } from '../scheduler/scheduler.js';
import type { ResultStore } from '../store/types.js';
import { checkKeyOf, type CheckRuntime, type ServiceRuntime } from './runtime.js';
import { initialCheckState, worstStatus } from './status-machine.js';

/** What a new config changed in the monitor's view, by service id and check counts. */
export interface MonitorChanges {
  added: string[];
  removed: string[];
  /** Services in both configs whose own settings or checks differ. */
  changed: string[];
  checks: { added: number; removed: number; replaced: number; kept: number };
}

/** The scheduler's side of a reconfiguration: jobs to drop, then jobs to add. */
export interface JobChanges {
  remove: string[];
  add: ScheduledJob[];
}

/**
 * What a check's probe depends on: its own settings and the service's baseUrl (tcp/tls hosts and
 * http URLs derive from it). Name, group and tags are not here: changing them keeps the check.
 */
const probeShapeOf = (service: ServiceConfig, check: CheckConfig) =>
  JSON.stringify([service.baseUrl ?? null, check]);

const serviceShapeOf = (service: ServiceConfig) => JSON.stringify(service);

/**
 * Applies a new config to the monitor's maps in place, the way a rolling update treats pods: a
 * check whose probe shape is unchanged keeps its runtime (state, since, counters, open incident,
 * and its job, hence its slot); a changed check is replaced (fresh state, its open incident
 * closed: the old check's verdict says nothing about the new one); checks and services that
 * left are dropped (their incidents closed; their history stays in the store until retention);
 * new ones start unknown. Each service's status is recomputed; its `since` moves only when its
 * status does. Synchronous, so no result lands between the maps' change and the caller's update of
 * what derives from them; returns the changes, the jobs to remove and add, and the incident writes.
 */
export function reconfigureView(options: {
  config: AetherConfig;
  services: Map<string, ServiceRuntime>;
  checks: Map<string, CheckRuntime>;
  store: ResultStore;
  clock: Clock;
  /** The job that runs a new check. */
  jobOf: (c: CheckRuntime) => ScheduledJob;
}): { changes: MonitorChanges; jobs: JobChanges; incidentsClosed: Promise<unknown> } {
  const { config, services, checks, store, clock } = options;
  const nowIso = new Date(clock.now()).toISOString();
  const changes: MonitorChanges = {
    added: [],
    removed: [],
    changed: [],
    checks: { added: 0, removed: 0, replaced: 0, kept: 0 },
  };
  const jobs: JobChanges = { remove: [], add: [] };
  const closing: Promise<unknown>[] = [];
  const drop = (c: CheckRuntime) => {
    jobs.remove.push(c.key);
    checks.delete(c.key);
    if (c.incident) closing.push(store.closeIncident(c.incident.id, nowIso));
  };

  const wanted = new Set(config.services.map((s) => s.id));
  for (const [id, s] of services) {
    if (wanted.has(id)) continue;
    for (const c of s.checks) drop(c);
    changes.checks.removed += s.checks.length;
    services.delete(id);
    changes.removed.push(id);
  }

  const next = new Map<string, ServiceRuntime>();
  for (const service of config.services) {
    const previous = services.get(service.id);
    const runtime: ServiceRuntime = previous ?? {
      config: service,
      checks: [],
      status: 'unknown',
      since: null,
      summary: null,
      seen: undefined,
      listAt: -1,
    };
    if (!previous) changes.added.push(service.id);
    else if (serviceShapeOf(previous.config) !== serviceShapeOf(service))
      changes.changed.push(service.id);
    const oldChecks = new Map(runtime.checks.map((c) => [c.check.id, c]));
    const newChecks: CheckRuntime[] = [];
    for (const check of service.checks) {
      const old = oldChecks.get(check.id);
      oldChecks.delete(check.id);
      if (old && probeShapeOf(old.service, old.check) === probeShapeOf(service, check)) {
        old.service = service; // name, group or tags may have changed; the probe has not
        old.check = check;
        newChecks.push(old);
        changes.checks.kept++;
        continue;
      }
      if (old) {
        drop(old);
        changes.checks.replaced++;
      } else changes.checks.added++;
      const key = checkKeyOf(service.id, check.id);
      const entry: CheckRuntime = {
        key,
        service,
        check,
        target: describeTarget(service, check),
        state: initialCheckState(service.id, check.id),
        incident: null,
      };
      checks.set(key, entry);
      newChecks.push(entry);
      jobs.add.push(options.jobOf(entry));
    }
    for (const gone of oldChecks.values()) {
      drop(gone);
      changes.checks.removed++;
    }
    runtime.config = service;
    runtime.checks = newChecks.slice(); // exactly its length, as restoreState makes it
    runtime.summary = null;
    const status = worstStatus(newChecks.map((c) => c.state.status));
    if (status !== runtime.status) {
      runtime.status = status;
      runtime.since = status === 'unknown' ? null : nowIso;
    }
    next.set(service.id, runtime);
  }
  // the config's order is the list's order
  services.clear();
  for (const [id, runtime] of next) services.set(id, runtime);
  // the maps are consistent now; the caller updates what derives from them before awaiting this
  return { changes, jobs, incidentsClosed: Promise.all(closing) };
}
