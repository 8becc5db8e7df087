import type { ServiceSummary, StatusEvent } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';

/** Removed services remembered for `changes`; past this, the oldest are forgotten and `since` before them is 410. */
const MAX_TOMBSTONES = 10_000;

export type ChangesOutcome =
  | { kind: 'changes'; revision: number; changed: ServiceSummary[]; removed: string[] }
  | { kind: 'expired'; revision: number };

export interface ServiceRevisions {
  /** The revision now: grows with every change of a service's state, never with latency or uptime. */
  readonly current: number;
  /** Services changed after `since` (in `services`' shape), ids removed after it; expired when not kept. */
  changesSince(since: number, services: readonly ServiceSummary[]): ChangesOutcome;
  /** Re-reads the list after something other than a status may have changed (config reload, maintenance). */
  resync(): void;
  close(): void;
}

/** Events that never change a service's state; any other but `status` (config, maintenance, …) re-reads the list. */
export const UNRELATED = new Set<string>([
  'result',
  'snapshot',
  'panels',
  'audit',
  'approval',
  'alert',
]);

/**
 * What moves the revision besides status: config (name, group, tags, checks), maintenance, root
 * cause — kept per service as a 53-bit hash of its JSON, not the JSON itself: at 30,000 services
 * the strings took 4.5 MiB of heap (a heap snapshot of a cluster gateway), the numbers ~0.5. Two
 * different states give the same number with a chance of about 2^-53 per change.
 */
const stateOf = (s: ServiceSummary) =>
  hash53(
    JSON.stringify([
      s.name,
      s.group,
      s.tags,
      s.checks.map((c) => [c.id, c.type]),
      s.maintenance,
      s.rootCause,
    ]),
  );

/** cyrb53 (public domain): two 32-bit multiply-xorshift lanes folded into a 53-bit integer. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Each list's position by service id, made once per list (the services cache builds a list at most once a second). */
const positions = new WeakMap<readonly ServiceSummary[], Map<string, number>>();

/**
 * The listed services among `ids`, in list order. A poll finds a handful of ids while the list
 * has 10,000 services: scanning the whole list for them on each of 400 polls a second was the
 * changes route's largest cost after the response itself (a CPU profile of the list-polling
 * bench); a lookup by id costs what was changed.
 */
function inListOrder(
  ids: ReadonlySet<string>,
  services: readonly ServiceSummary[],
): ServiceSummary[] {
  if (ids.size === 0) return [];
  // most of the fleet changed: one pass is as cheap as the lookups and their sort
  if (ids.size * 8 > services.length) return services.filter((s) => ids.has(s.id));
  let index = positions.get(services);
  if (!index) positions.set(services, (index = new Map(services.map((s, i) => [s.id, i]))));
  const at: number[] = [];
  for (const id of ids) {
    const i = index.get(id);
    if (i !== undefined) at.push(i);
  }
  return at.sort((a, b) => a - b).map((i) => services[i]!);
}

/**
 * The list + watch revision of GET /api/services (Kubernetes' resourceVersion, in spirit). It starts
 * at the clock's ms, so revisions of a later boot are above those of an earlier one, and `since`
 * from before this boot (or from another boot's future) is answered 410: list again.
 * A `status` event (status and since) moves it for that service and for its dependents whose
 * rootCause changed with it; other events that may touch
 * services (config reload, maintenance, … — not results) re-read the list and move it for every
 * service whose state, config or presence changed.
 */
export function createServiceRevisions(options: {
  monitor: Monitor;
  events: EventBus;
  clock: Clock;
}): ServiceRevisions {
  const { monitor, events } = options;
  let revision = Math.max(0, Math.floor(options.clock.now()));
  /** `since` below this is not answerable. */
  let floor = revision;
  /**
   * Revisions are kept as their distance from the first one: small integers V8 stores unboxed,
   * where the revisions themselves (ms since 1970 and up) took a 16-byte number each.
   */
  const base = revision;
  /** Latest revision per service id (removed ones too, until forgotten), less `base`. */
  const latest = new Map<string, number>();
  const removed = new Set<string>();
  /**
   * The log, ascending by revision, as two columns (revision less `base`, id): entries superseded
   * in `latest` are skipped and compacted away. As objects it took ~64 bytes an entry (object,
   * boxed revision, slot: a heap snapshot), ~16 now.
   */
  let logRevs: number[] = [];
  let logIds: string[] = [];
  let known = new Map(monitor.listServices().map((s) => [s.id, stateOf(s)]));

  function bump(id: string, gone = false): void {
    revision += 1;
    latest.set(id, revision - base);
    if (gone) removed.add(id);
    else removed.delete(id);
    logRevs.push(revision - base);
    logIds.push(id);
    if (logRevs.length > 2 * latest.size + 1024) compact();
  }

  function compact(): void {
    if (removed.size > MAX_TOMBSTONES) {
      const oldest = [...removed].sort((a, b) => latest.get(a)! - latest.get(b)!);
      for (const id of oldest.slice(0, removed.size - MAX_TOMBSTONES)) {
        floor = Math.max(floor, base + latest.get(id)!);
        latest.delete(id);
        removed.delete(id);
      }
    }
    const revs: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < logRevs.length; i++) {
      if (latest.get(logIds[i]!) !== logRevs[i]) continue;
      revs.push(logRevs[i]!);
      ids.push(logIds[i]!);
    }
    logRevs = revs;
    logIds = ids;
  }

  function resync(): void {
    const now = new Map(monitor.listServices().map((s) => [s.id, stateOf(s)]));
    for (const [id, state] of now) if (known.get(id) !== state) bump(id);
    for (const id of known.keys()) if (!now.has(id)) bump(id, true);
    known = now;
  }

  /** Takes in a service's state now; true when it differs from what was known. */
  function moved(id: string): boolean {
    const service = monitor.getService(id);
    if (!service) return false;
    const state = stateOf(service);
    if (known.get(id) === state) return false;
    known.set(id, state);
    return true;
  }

  /**
   * A status change moves the service itself, and every dependent whose rootCause followed it:
   * a dependent already down when its dependency goes down (or still down when it recovers)
   * has no status event of its own. The service's state is read from the event (its entry as it
   * is after the change, maintenance filled before this subscriber runs), not from a detail the
   * monitor builds (every check's detail) on each of the cluster's events, relayed ones too.
   */
  function statusChanged({ serviceId: id, service }: StatusEvent): void {
    known.set(id, stateOf(service));
    bump(id);
    for (const dependent of monitor.dependentsOf?.(id) ?? []) if (moved(dependent)) bump(dependent);
  }

  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'status') statusChanged(event.data as StatusEvent);
    else if (!UNRELATED.has(event.type)) resync();
  });

  return {
    get current() {
      return revision;
    },
    changesSince(since, services) {
      if (since < floor || since > revision) return { kind: 'expired', revision };
      // first log entry after `since`
      const after = since - base;
      let lo = 0;
      let hi = logRevs.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (logRevs[mid]! <= after) lo = mid + 1;
        else hi = mid;
      }
      const ids = new Set<string>();
      for (let i = lo; i < logRevs.length; i++) {
        const id = logIds[i]!;
        if (latest.get(id) === logRevs[i]) ids.add(id);
      }
      return {
        kind: 'changes',
        revision,
        changed: inListOrder(ids, services),
        removed: [...ids].filter((id) => removed.has(id)),
      };
    },
    resync,
    close: unsubscribe,
  };
}
