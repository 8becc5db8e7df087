import type { AetherEvent, CheckResult, ServiceSummary, Status } from '@aether/contract';
import { sortByName, type ListItem } from '../list-query';
import { createStatusOrderedList, type StatusOrderedList } from '../status-ordered-list';

type Listener = () => void;

export type StatusCounts = Record<Status, number>;

/** How many recent latencies a row keeps for its sparkline. */
export const RECENT_LATENCIES = 30;

/**
 * The live fleet, outside React. Rows subscribe to their own service, so one status change notifies
 * one row; views that depend on the whole fleet (summary, ordering) subscribe to the batch signal and
 * look at `structureVersion` (membership or status changed) and `metricsVersion` (latency/uptime).
 */
export interface ServicesStore {
  /** Something to show: a first page or the whole fleet. */
  readonly loaded: boolean;
  /** The whole fleet is known (a full list or snapshot), not just a first page. */
  readonly complete: boolean;
  getService(id: string): ServiceSummary | undefined;
  getRecentLatencies(id: string): readonly number[] | undefined;
  /** Ids in the order the gateway sent them. */
  getIds(): readonly string[];
  /**
   * Every service in gateway order as it was at the last membership change, the same array until
   * the next one: id, name, group and tags are current, status and metrics may be older (read those
   * with getService). For views of the fleet's make-up (facets, counts of services).
   */
  getMembers(): readonly ServiceSummary[];
  /** Ids in name order; the order is recomputed only when membership changes. */
  getIdsByName(): readonly string[];
  /** Every service, current, in name order (a new array after each change; built when asked for). */
  getAllByName(): readonly ServiceSummary[];
  /**
   * The default view's list (status sort, no filter), kept up to date per status change once first
   * asked for: the same array until a row moves or a group's counts change.
   */
  getStatusOrderedItems(): readonly ListItem[];
  structureVersion(): number;
  metricsVersion(): number;
  /** Bumps only when services come, go, or change group, name, tags or dependsOn (facets, counts, the dependency graph). */
  membershipVersion(): number;
  /** Counts of the whole fleet: the summary's until the whole fleet is known, then the store's own. */
  getCounts(): StatusCounts;
  /**
   * The counts are the fleet's (the summary's or the whole fleet's), not just those of a first
   * page that came before the summary.
   */
  readonly countsKnown: boolean;
  /** The latest failing result of each of a service's checks that is failing now (live results only). */
  getFailingResult(serviceId: string, checkId: string): CheckResult | undefined;
  /** Time of the newest result seen (ISO), for "last result at". */
  getLastResultAt(): string | null;
  subscribeService(id: string, listener: Listener): () => void;
  subscribe(listener: Listener): () => void;
  replaceAll(services: readonly ServiceSummary[]): void;
  /** A first page of the fleet, shown before the whole list arrives; ignored once the whole fleet is known. */
  applyPage(services: readonly ServiceSummary[]): void;
  /** The fleet's counts from the summary, shown until the whole fleet is known (then ignored). */
  applyFleetCounts(counts: StatusCounts): void;
  /** The changes feed: services added or changed, and ids removed (a config reload, a reconnect). */
  applyChanges(changed: readonly ServiceSummary[], removed: readonly string[]): void;
  applyEvents(events: readonly AetherEvent[]): void;
}

const emptyCounts = (): StatusCounts => ({ up: 0, degraded: 0, down: 0, unknown: 0 });

export function createServicesStore(): ServicesStore {
  const services = new Map<string, ServiceSummary>();
  const recent = new Map<string, readonly number[]>();
  const rowListeners = new Map<string, Set<Listener>>();
  const listeners = new Set<Listener>();
  let ids: string[] = [];
  let members: { membership: number; services: ServiceSummary[] } | null = null;
  let byName: { membership: number; ids: string[] } | null = null;
  let allByName: ServiceSummary[] | null = null;
  let statusOrdered: { membership: number; list: StatusOrderedList } | null = null;
  let structure = 0;
  let metrics = 0;
  let membership = 0;
  // Kept up to date per change (a fresh object each time, for useSyncExternalStore); rebuilt on replaceAll.
  let counts: StatusCounts = emptyCounts();
  let lastResultAt: string | null = null;
  let loaded = false;
  let complete = false;
  let provisionalCounts: StatusCounts | null = null;
  // Only failing results are kept (a success drops its check's entry), so memory follows trouble,
  // not the fleet: what a Down row shows as its cause.
  const failing = new Map<string, CheckResult>();
  const failingKey = (serviceId: string, checkId: string) => `${serviceId}\u0000${checkId}`;

  const newest = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));

  function notify(changed: Iterable<string>) {
    for (const id of changed) rowListeners.get(id)?.forEach((l) => l());
    listeners.forEach((l) => l());
  }

  function getIdsByName(): readonly string[] {
    if (byName?.membership !== membership)
      byName = { membership, ids: sortByName([...services.values()]).map((s) => s.id) };
    return byName.ids;
  }

  function getAllByName(): readonly ServiceSummary[] {
    return (allByName ??= getIdsByName().map((id) => services.get(id)!));
  }

  function replaceAll(list: readonly ServiceSummary[]) {
    const changed = new Set<string>(services.keys());
    services.clear();
    ids = [];
    for (const s of list) {
      services.set(s.id, s);
      ids.push(s.id);
      changed.add(s.id);
      lastResultAt = newest(lastResultAt, s.lastCheckedAt);
    }
    for (const id of recent.keys()) if (!services.has(id)) recent.delete(id);
    for (const [key, result] of failing) if (!services.has(result.serviceId)) failing.delete(key);
    loaded = true;
    complete = true;
    provisionalCounts = null;
    allByName = null;
    counts = emptyCounts();
    for (const s of services.values()) counts[s.status]++;
    structure++;
    metrics++;
    membership++;
    notify(changed);
  }

  function upsert(next: ServiceSummary, changed: Set<string>): 'structure' | 'metrics' | 'none' {
    const prev = services.get(next.id);
    services.set(next.id, next);
    changed.add(next.id);
    lastResultAt = newest(lastResultAt, next.lastCheckedAt);
    if (!prev || prev.status !== next.status) {
      counts = { ...counts, [next.status]: counts[next.status] + 1 };
      if (prev) counts[prev.status]--;
      // A membership change below drops the list instead (its version no longer matches).
      statusOrdered?.list.setStatus(next.id, next.status);
    }
    if (!prev) {
      ids.push(next.id);
      membership++;
      return 'structure';
    }
    if (
      prev.group !== next.group ||
      prev.name !== next.name ||
      prev.tags.join() !== next.tags.join() ||
      // the dependency graph is indexed per membership change (a config reload changes dependsOn)
      prev.dependsOn?.join() !== next.dependsOn?.join()
    ) {
      membership++;
      return 'structure';
    }
    // entering or leaving maintenance moves a row in or out of the "In maintenance" view
    const maintenanceChanged = (prev.maintenance === null) !== (next.maintenance === null);
    // a new root cause regroups the outage view, even when the dependent's status stays down
    const rootCauseChanged =
      prev.rootCause?.serviceId !== next.rootCause?.serviceId ||
      prev.rootCause?.checkId !== next.rootCause?.checkId;
    return prev.status !== next.status || maintenanceChanged || rootCauseChanged
      ? 'structure'
      : 'metrics';
  }

  /** Drops services; `ids` is filtered once for all of them (a reload may remove a thousand). */
  function remove(removed: readonly string[], changed: Set<string>): boolean {
    const gone = new Set<string>();
    for (const id of removed) {
      const prev = services.get(id);
      if (!prev) continue;
      services.delete(id);
      recent.delete(id);
      for (const check of prev.checks) failing.delete(failingKey(id, check.id));
      counts = { ...counts, [prev.status]: counts[prev.status] - 1 };
      gone.add(id);
      changed.add(id);
    }
    if (!gone.size) return false;
    ids = ids.filter((x) => !gone.has(x));
    membership++;
    return true;
  }

  function applyResult(result: CheckResult, changed: Set<string>): boolean {
    const prev = services.get(result.serviceId);
    if (!prev) return false;
    const key = failingKey(result.serviceId, result.checkId);
    if (result.success && result.status === 'up') failing.delete(key);
    else failing.set(key, result);
    services.set(result.serviceId, {
      ...prev,
      lastLatencyMs: result.durationMs,
      lastCheckedAt: newest(prev.lastCheckedAt, result.timestamp),
    });
    const latencies = recent.get(result.serviceId) ?? [];
    recent.set(result.serviceId, [...latencies.slice(-(RECENT_LATENCIES - 1)), result.durationMs]);
    lastResultAt = newest(lastResultAt, result.timestamp);
    changed.add(result.serviceId);
    return true;
  }

  function applyEvents(events: readonly AetherEvent[]) {
    const changed = new Set<string>();
    let structural = false;
    let metric = false;
    for (const event of events) {
      if (event.type === 'snapshot') {
        replaceAll(event.data.services);
        continue;
      }
      if (event.type === 'status') {
        const kind = upsert(event.data.service, changed);
        structural ||= kind === 'structure';
        metric ||= kind === 'metrics';
      } else if (event.type === 'result') {
        metric = applyResult(event.data, changed) || metric;
      }
    }
    if (!changed.size) return;
    allByName = null;
    if (structural) structure++;
    if (metric) metrics++;
    notify(changed);
  }

  function applyPage(page: readonly ServiceSummary[]) {
    if (complete || page.length === 0) return;
    const changed = new Set<string>();
    for (const s of page) upsert(s, changed);
    loaded = true;
    allByName = null;
    structure++;
    notify(changed);
  }

  function applyFleetCounts(fleetCounts: StatusCounts) {
    if (complete) return;
    provisionalCounts = fleetCounts;
    notify([]);
  }

  function applyChanges(changedServices: readonly ServiceSummary[], removed: readonly string[]) {
    const changed = new Set<string>();
    let structural = remove(removed, changed);
    for (const s of changedServices) structural = upsert(s, changed) === 'structure' || structural;
    if (!changed.size) return;
    allByName = null;
    if (structural) structure++;
    metrics++;
    notify(changed);
  }

  return {
    get loaded() {
      return loaded;
    },
    get complete() {
      return complete;
    },
    getService: (id) => services.get(id),
    getRecentLatencies: (id) => recent.get(id),
    getIds: () => ids,
    getMembers() {
      if (members?.membership !== membership)
        members = { membership, services: ids.map((id) => services.get(id)!) };
      return members.services;
    },
    getIdsByName,
    getAllByName,
    getStatusOrderedItems() {
      if (statusOrdered?.membership !== membership)
        statusOrdered = { membership, list: createStatusOrderedList(getAllByName()) };
      return statusOrdered.list.items();
    },
    structureVersion: () => structure,
    metricsVersion: () => metrics,
    membershipVersion: () => membership,
    getCounts: () => (complete ? counts : (provisionalCounts ?? counts)),
    get countsKnown() {
      return complete || provisionalCounts !== null;
    },
    getFailingResult: (serviceId, checkId) => failing.get(failingKey(serviceId, checkId)),
    getLastResultAt: () => lastResultAt,
    subscribeService(id, listener) {
      let set = rowListeners.get(id);
      if (!set) rowListeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (!set.size) rowListeners.delete(id);
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replaceAll,
    applyPage,
    applyFleetCounts,
    applyChanges,
    applyEvents,
  };
}
