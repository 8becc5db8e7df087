import type { ServiceSummary, Status } from '@aether/contract';

/** One outage: a root cause and the failing services it explains. */
export interface OutageGroup {
  rootId: string;
  /** Undefined when the root is no longer in the fleet (a reload removed it). */
  root: ServiceSummary | undefined;
  /** The root's failing checks its dependents name (usually one). */
  checkIds: string[];
  /** Worst first (down, then degraded), then by name. */
  dependents: ServiceSummary[];
  down: number;
  degraded: number;
}

export interface Outages {
  /** Most dependents first, then most down, then the root's name. */
  groups: OutageGroup[];
  /** Failing services that are no one's root cause and have none: each its own trouble. */
  alone: ServiceSummary[];
}

const RANK: Record<Status, number> = { down: 0, degraded: 1, unknown: 2, up: 3 };
const failing = (s: ServiceSummary) => s.status === 'down' || s.status === 'degraded';
const nameOf = (g: OutageGroup) => g.root?.name ?? g.rootId;

export function byStatusThenName(a: ServiceSummary, b: ServiceSummary): number {
  return (
    RANK[a.status] - RANK[b.status] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)
  );
}

/**
 * The current outage grouped under its root causes ("db down → 40 dependents"): each failing
 * service with a `rootCause` goes under that root; failing services that explain nothing and are
 * explained by nothing are listed alone. One pass over the fleet.
 */
export function groupOutages(
  services: Iterable<ServiceSummary>,
  getService: (id: string) => ServiceSummary | undefined,
): Outages {
  const groups = new Map<string, OutageGroup>();
  const failingAlone: ServiceSummary[] = [];
  for (const s of services) {
    if (!failing(s)) continue;
    if (!s.rootCause) {
      failingAlone.push(s);
      continue;
    }
    const { serviceId, checkId } = s.rootCause;
    let group = groups.get(serviceId);
    if (!group) {
      group = {
        rootId: serviceId,
        root: getService(serviceId),
        checkIds: [],
        dependents: [],
        down: 0,
        degraded: 0,
      };
      groups.set(serviceId, group);
    }
    if (!group.checkIds.includes(checkId)) group.checkIds.push(checkId);
    group.dependents.push(s);
    if (s.status === 'down') group.down++;
    else group.degraded++;
  }
  for (const g of groups.values()) g.dependents.sort(byStatusThenName);
  return {
    groups: [...groups.values()].sort(
      (a, b) =>
        b.dependents.length - a.dependents.length ||
        b.down - a.down ||
        nameOf(a).localeCompare(nameOf(b)),
    ),
    alone: failingAlone.filter((s) => !groups.has(s.id)).sort(byStatusThenName),
  };
}
