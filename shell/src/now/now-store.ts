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
import { causeKey, isProblem, type ProblemCard } from './problem-cards';
import { createProblemGroups } from './problem-groups';
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
  /** The first cards of the problems (as many as asked with `showCards`), worst first. */
  cards: readonly ProblemCard[];
  /** How many cards there are in all. */
  cardCount: number;
  /**
   * True while only the first page of down services is in: the whole list of failing services
   * (megabytes at 10,000 services) is still being read.
   */
  partial: boolean;
}

export type FiringAlert = Omit<Alert, 'messages'>;

/** How many problem services have their latest results read to learn their cause. */
export const CAUSE_READS = 50;
/** Cards handed out at first and per "Show more" (`showCards`): 10,000 down services stay one screen. */
export const CARDS = 24;
/**
 * The problems, flapping services and cards are handed out at most this often while they keep
 * changing: at 1,000 status changes/s a copy of them a frame was most of the page's frame time.
 */
export const REGROUP_MS = 1_000;
/**
 * The first read is a page of down services, the worst: the first cards come from it while the
 * whole list of failing services is read (at 10,000 services, ~5,000 of them and megabytes).
 */
export const FIRST_PAGE = 200;
const RECENT_DEPLOYS = 100;
/** Deploys read per problem service, to find the one before its problem began. */
const SERVICE_DEPLOYS = 20;
/** Audit entries kept for "the operation just before" (the newest; live ones join). */
export const RECENT_AUDIT = 200;
/** Cause reads at once (two requests each), after the whole list is in: never before it. */
const PARALLEL_READS = 2;

const frame = (run: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16);

/**
 * What is wrong right now, kept live from the shell's one event stream. The first read asks for a
 * page of down services (`status=down&limit=`), then the whole list of down and degraded ones
 * (`status=down,degraded`), never the whole fleet; their causes come from each one's latest results
 * (read once the list is in), then from `result` events; the change before each (its deploys,
 * recent audit entries) is read alongside and kept live from `deploy` and `audit` events. Status
 * events regroup the cards one change at a time; the problems and cards are handed out at most
 * once per {@link REGROUP_MS}, the rest at most once per frame.
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
    cards: [],
    cardCount: 0,
    partial: false,
  };
  const listeners = new Set<() => void>();
  let scheduled = false;
  let stopped = false;
  let generation = 0;
  const queue: string[] = [];
  const asked = new Set<string>();
  let reading = 0;
  /** The whole list (or a snapshot) is in since the last load: a first page says nothing more. */
  let whole = false;
  /** Cause reads wait until the whole list is in and shown: they would compete with it. */
  let readsOpen = false;
  const groups = createProblemGroups();
  const flapping = new Map<string, ServiceSummary>();
  let causesChanged = false;
  let shownCards = CARDS;

  const update = (patch: Partial<NowState>) => {
    state = { ...state, ...patch };
    if (scheduled || stopped) return;
    scheduled = true;
    frame(() => {
      scheduled = false;
      for (const listener of [...listeners]) listener();
    });
  };

  // The problems, flapping services and cards as they are now: one copy per hand-out. A copy per
  // status event was, at 1,000 status changes/s and 5,000 problems, 0.5–1.8 s of CPU per second
  // (bench now-view); one per frame was still most of a frame.
  let lastPublished = Number.NEGATIVE_INFINITY;
  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  const publish = (patch: Partial<NowState> = {}) => {
    clearTimeout(publishTimer);
    publishTimer = undefined;
    if (stopped) return;
    lastPublished = Date.now();
    const causes = causesChanged ? new Map(groups.causes) : state.causes;
    causesChanged = false;
    update({
      problems: new Map(groups.problems),
      flapping: new Map(flapping),
      causes,
      cards: groups.first(shownCards),
      cardCount: groups.size,
      ...patch,
    });
  };
  /** Problems changed: handed out at once after a quiet spell, else at the end of the spell's second. */
  const changed = () => {
    if (publishTimer !== undefined || stopped) return;
    publishTimer = setTimeout(
      () => publish(),
      Math.max(0, lastPublished + REGROUP_MS - Date.now()),
    );
  };

  const learnFrom = (result: CheckResult) => {
    if (result.success || !groups.problems.has(result.serviceId)) return;
    const cause = causeOf(result);
    if (!cause) return;
    const known = groups.causes.get(causeKey(result.serviceId, result.checkId));
    if (known?.condition === cause.condition && known.location === cause.location) return;
    groups.setCause(result.serviceId, result.checkId, cause);
    causesChanged = true;
    changed();
  };

  // Latest results of problem services whose cause is not known, a few at a time.
  const readCauses = (ids: Iterable<string>) => {
    for (const id of ids) {
      if (asked.size >= CAUSE_READS || asked.has(id)) continue;
      asked.add(id);
      queue.push(id);
    }
    const mine = generation;
    while (readsOpen && reading < PARALLEL_READS && queue.length) {
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
  /** Once the whole list is shown (the frame after it is handed out), the cause reads start. */
  const openReads = (mine: number) =>
    frame(() => {
      if (mine !== generation || stopped) return;
      readsOpen = true;
      readCauses([]);
    });

  const setFlapping = (service: ServiceSummary) => {
    if (service.flapping) flapping.set(service.id, service);
    else flapping.delete(service.id);
  };

  const setProblem = (service: ServiceSummary) => {
    setFlapping(service);
    const had = groups.problems.has(service.id);
    groups.set(service);
    changed();
    if (isProblem(service) && !had) readCauses([service.id]);
  };

  /** A whole read (the list or a snapshot): the problems start again from it. */
  const take = (services: readonly ServiceSummary[]) => {
    groups.reset(services);
    for (const s of services) if (s.flapping) flapping.set(s.id, s);
  };

  const onEvent = (event: AetherEvent) => {
    switch (event.type) {
      case 'snapshot': {
        whole = true;
        flapping.clear();
        take(event.data.services);
        publish({ status: 'ready', error: null, partial: false });
        readCauses(groups.problems.keys());
        openReads(generation);
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
    readsOpen = false;
    whole = false;
    update({ status: 'loading', error: null });
    // The rest of the page (deploys, alerts, the audit, approvals) is asked for once the first
    // answer about the problems is in: at 10,000 services a cold load has more reads than the
    // browser's six connections to the gateway, and these queued the first cards behind them.
    let restAsked = false;
    const readTheRest = () => {
      if (restAsked || mine !== generation) return;
      restAsked = true;
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
    // The worst first, small: the first cards. An empty page says nothing (degraded ones may
    // follow), and a failed one leaves it to the whole read, which is asked once this one is
    // answered: at 10,000 services, about half of them failing, asked beside it, it was a walk of
    // the gateway's list and a few thousand services to send while the first cards waited.
    const firstPage = api
      .get<ServiceSummary[]>(`/api/services?status=down&limit=${FIRST_PAGE}`)
      .then(
        (page) => {
          if (mine !== generation || whole || page.length === 0) return;
          take(page);
          publish({ status: 'ready', error: null, partial: true });
        },
        () => undefined,
      );
    void firstPage.then(() => {
      if (mine !== generation) return; // another load asks its own
      api
        .get<ServiceSummary[]>('/api/services?status=down,degraded')
        .then(
          (services) => {
            if (mine !== generation) return;
            whole = true;
            take(services);
            publish({ status: 'ready', error: null, partial: false });
            readCauses(groups.problems.keys());
            openReads(mine);
          },
          (error: unknown) => {
            if (mine !== generation) return;
            whole = true;
            update({ status: 'error', error, partial: false });
          },
        )
        .finally(readTheRest);
    });
    // after the whole read: of the browser's six connections to the gateway, it takes one first
    void firstPage.finally(readTheRest);
  };

  let unsubscribe: (() => void) | undefined;
  let unsubscribeBack: (() => void) | undefined;
  return {
    getState: () => state,
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
      clearTimeout(publishTimer);
      publishTimer = undefined;
      unsubscribe?.();
      unsubscribeBack?.();
    },
    reload: load,
    /** Hands out the first `n` cards (the view's "Show more"). */
    showCards(n: number) {
      shownCards = n;
      publish();
      for (const listener of [...listeners]) listener(); // a click: at once, not next frame
    },
  };
}

export type NowStore = ReturnType<typeof createNowStore>;
