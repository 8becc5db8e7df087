import type {
  AetherEvent,
  Alert,
  Approval,
  AuditEntry,
  AuditPage,
  CheckResult,
  Deploy,
  PanelEvents,
  ApiClient,
  ServiceDetail,
  ServiceSummary,
} from '@aether/contract';
import { causeOf, type FailureCause } from './failure-cause';
import { causeKey, isProblem } from './problem-cards';
import { onStreamBack } from '../events/on-stream-back';

export interface NowState {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  /** Down and degraded services, by id. */
  problems: ReadonlyMap<string, ServiceSummary>;
  /** What each failing check says, by causeKey(service, check). */
  causes: ReadonlyMap<string, FailureCause>;
  /** Recent deploys, newest first; null when they could not be read. */
  deploys: readonly Deploy[] | null;
  /** The four-eyes queue; null when the caller may not see it (viewer) or it could not be read. */
  approvals: readonly Approval[] | null;
  /** Firing alerts, newest first (messages left out); null when they could not be read. */
  alerts: readonly FiringAlert[] | null;
  /** Deploys of each problem service read so far (GET /api/deploys?service=), newest first. */
  serviceDeploys: ReadonlyMap<string, readonly Deploy[]>;
  /** Recent audit entries, newest first; null for a viewer or when they could not be read. */
  audit: readonly AuditEntry[] | null;
  /** Flapping services, by id (also those up at the moment, which are not problems). */
  flapping: ReadonlyMap<string, ServiceSummary>;
}

export type FiringAlert = Omit<Alert, 'messages'>;

/** How many problem services have their latest results read to learn their cause. */
export const CAUSE_READS = 50;
const RECENT_DEPLOYS = 100;
/** Deploys read per problem service, to find the one before its problem began. */
const SERVICE_DEPLOYS = 20;
/** Audit entries kept for "the operation just before" (the newest; live ones join). */
export const RECENT_AUDIT = 200;
const PARALLEL_READS = 4;

const frame = (run: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16);

/**
 * What is wrong right now, kept live from the shell's one event stream. The first read asks for
 * down and degraded services only (`status=down,degraded`), never the whole fleet; their causes
 * come from each one's latest results, then from `result` events; the change before each (its
 * deploys, recent audit entries) is read alongside and kept live from `deploy` and `audit` events. Listeners are told at most once
 * per frame, so a burst of events costs one render.
 */
export function createNowStore({ api, events }: { api: ApiClient; events: PanelEvents }) {
  let state: NowState = {
    status: 'loading',
    error: null,
    problems: new Map(),
    causes: new Map(),
    deploys: null,
    approvals: null,
    alerts: null,
    serviceDeploys: new Map(),
    audit: null,
    flapping: new Map(),
  };
  const listeners = new Set<() => void>();
  let scheduled = false;
  let stopped = false;
  let generation = 0;
  const queue: string[] = [];
  const asked = new Set<string>();
  let reading = 0;

  const update = (patch: Partial<NowState>) => {
    state = { ...state, ...patch };
    if (scheduled || stopped) return;
    scheduled = true;
    frame(() => {
      scheduled = false;
      for (const listener of [...listeners]) listener();
    });
  };

  const learnFrom = (result: CheckResult) => {
    const service = state.problems.get(result.serviceId);
    if (!service || result.success) return;
    const cause = causeOf(result);
    if (!cause) return;
    const key = causeKey(result.serviceId, result.checkId);
    const known = state.causes.get(key);
    if (known?.condition === cause.condition && known.location === cause.location) return;
    update({ causes: new Map(state.causes).set(key, cause) });
  };

  // Latest results of problem services whose cause is not known, a few at a time.
  const readCauses = (ids: Iterable<string>) => {
    for (const id of ids) {
      if (asked.size >= CAUSE_READS || asked.has(id)) continue;
      asked.add(id);
      queue.push(id);
    }
    const mine = generation;
    while (reading < PARALLEL_READS && queue.length) {
      const id = queue.shift()!;
      reading++;
      api
        .get<Deploy[]>(`/api/deploys?service=${encodeURIComponent(id)}&limit=${SERVICE_DEPLOYS}`)
        .then(
          (deploys) =>
            mine === generation &&
            update({ serviceDeploys: new Map(state.serviceDeploys).set(id, deploys) }),
          () => undefined, // the recent deploys still say what they can
        );
      api
        .get<ServiceDetail>(`/api/services/${encodeURIComponent(id)}`)
        .then(
          (detail) => {
            if (mine !== generation) return;
            for (const check of detail.checks)
              if (check.status !== 'up' && check.lastResult) learnFrom(check.lastResult);
          },
          () => undefined, // the card stays "cause unknown"; a result event may still tell
        )
        .finally(() => {
          reading--;
          if (!stopped) readCauses([]);
        });
    }
  };

  // Maps made since the state was last read (getState): not seen by anyone yet, so the next
  // status event may change them in place. A copy per event instead was, at 1,000 status changes/s
  // and 5,000 problems, 0.5–1.8 s of CPU per second of copying (bench now-view); now it is one
  // copy per read, at most about one a frame.
  const unseen = new WeakSet<ReadonlyMap<string, ServiceSummary>>();
  const writable = (map: ReadonlyMap<string, ServiceSummary>) => {
    if (unseen.has(map)) return map as Map<string, ServiceSummary>;
    const copy = new Map(map);
    unseen.add(copy);
    return copy;
  };

  const setFlapping = (service: ServiceSummary) => {
    const had = state.flapping.has(service.id);
    if (!service.flapping && !had) return;
    const flapping = writable(state.flapping);
    if (service.flapping) flapping.set(service.id, service);
    else flapping.delete(service.id);
    update({ flapping });
  };

  const setProblem = (service: ServiceSummary) => {
    setFlapping(service);
    const had = state.problems.has(service.id);
    if (!isProblem(service) && !had) return;
    const problems = writable(state.problems);
    if (isProblem(service)) problems.set(service.id, service);
    else problems.delete(service.id);
    update({ problems });
    if (isProblem(service) && !had) readCauses([service.id]);
  };

  const onEvent = (event: AetherEvent) => {
    switch (event.type) {
      case 'snapshot': {
        const problems = new Map(event.data.services.filter(isProblem).map((s) => [s.id, s]));
        const flapping = new Map(
          event.data.services.filter((s) => s.flapping).map((s) => [s.id, s]),
        );
        update({ problems, flapping, status: 'ready', error: null });
        readCauses(problems.keys());
        break;
      }
      case 'status':
        setProblem(event.data.service);
        break;
      case 'result':
        learnFrom(event.data);
        break;
      case 'deploy': {
        const touched = event.data.services.filter((id) => state.serviceDeploys.has(id));
        if (touched.length) {
          const serviceDeploys = new Map(state.serviceDeploys);
          for (const id of touched)
            serviceDeploys.set(id, [
              event.data,
              ...serviceDeploys.get(id)!.filter((d) => d.id !== event.data.id),
            ]);
          update({ serviceDeploys });
        }
        if (state.deploys)
          update({
            deploys: [event.data, ...state.deploys.filter((d) => d.id !== event.data.id)].sort(
              (a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt),
            ),
          });
        break;
      }
      case 'audit':
        if (state.audit)
          update({
            audit: [event.data, ...state.audit.filter((e) => e.id !== event.data.id)].slice(
              0,
              RECENT_AUDIT,
            ),
          });
        break;
      case 'alert': {
        if (!state.alerts) break;
        const others = state.alerts.filter((a) => a.id !== event.data.id);
        // An alert leaves the list once it is no longer firing (resolved, held, acknowledged…).
        update({ alerts: event.data.state === 'firing' ? [event.data, ...others] : others });
        break;
      }
      case 'approval':
        if (state.approvals)
          update({
            approvals: [event.data, ...state.approvals.filter((a) => a.id !== event.data.id)],
          });
        break;
    }
  };

  const load = () => {
    const mine = ++generation;
    asked.clear();
    queue.length = 0;
    update({ status: 'loading', error: null });
    api.get<ServiceSummary[]>('/api/services?status=down,degraded').then(
      (services) => {
        if (mine !== generation) return;
        const problems = new Map(services.map((s) => [s.id, s]));
        const flapping = new Map(state.flapping);
        for (const s of services) if (s.flapping) flapping.set(s.id, s);
        update({ status: 'ready', problems, flapping });
        readCauses(problems.keys());
      },
      (error: unknown) => mine === generation && update({ status: 'error', error }),
    );
    api.get<Deploy[]>(`/api/deploys?limit=${RECENT_DEPLOYS}`).then(
      (deploys) => mine === generation && update({ deploys }),
      () => mine === generation && update({ deploys: null }),
    );
    api.get<Alert[]>('/api/alerts?state=firing').then(
      (alerts) => mine === generation && update({ alerts }),
      () => mine === generation && update({ alerts: null }),
    );
    api.get<AuditPage>(`/api/audit?limit=${RECENT_AUDIT}`).then(
      (page) => mine === generation && update({ audit: page.entries }),
      () => mine === generation && update({ audit: null }), // viewers may not read it
    );
    api.get<Approval[]>('/api/approvals').then(
      (approvals) => mine === generation && update({ approvals }),
      () => mine === generation && update({ approvals: null }),
    );
  };

  let unsubscribe: (() => void) | undefined;
  let unsubscribeBack: (() => void) | undefined;
  return {
    getState: () => {
      unseen.delete(state.problems);
      unseen.delete(state.flapping);
      return state;
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      stopped = false;
      unsubscribe = events.subscribe(
        ['snapshot', 'status', 'result', 'deploy', 'approval', 'alert', 'audit'],
        onEvent,
      );
      // no snapshot at the start of the stream: a failed first read is made again when it is back
      unsubscribeBack = onStreamBack(events, () => state.status === 'error' && load());
      load();
    },
    stop() {
      stopped = true;
      generation++;
      unsubscribe?.();
      unsubscribeBack?.();
    },
    reload: load,
  };
}

export type NowStore = ReturnType<typeof createNowStore>;
