import type { FleetSummary, ServiceSummary, StatusCounts, StatusEvent } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import { UNRELATED } from './service-revisions.js';

type CountKey = keyof StatusCounts;

/** What a service counts as: maintenance whatever its status, else its status. */
const keyOf = (s: Pick<ServiceSummary, 'status' | 'maintenance'>): CountKey =>
  s.maintenance ? 'maintenance' : s.status;

const noCounts = (): StatusCounts => ({ up: 0, degraded: 0, down: 0, unknown: 0, maintenance: 0 });

export interface FleetSummaryOptions {
  monitor: Pick<Monitor, 'listServices'>;
  events: EventBus;
  clock: Clock;
  /**
   * Counted again from the list at least this often: a cluster's relayed status events are the
   * other gateway's view, and one lost on the way would otherwise stay in the counts.
   */
  recountMs?: number;
}

/**
 * GET /api/summary's counts kept one status event at a time: under ~1,000 status changes a
 * second the list is rebuilt for nearly every request, and counting 10,000 services on each read
 * was O(fleet); here a change costs O(1) and a read O(groups). Anything that may change services
 * other than a status (a config reload, a maintenance window, a lease change) counts the list
 * again on the next read, as does a read `recountMs` after the last count.
 */
export function createFleetSummary({
  monitor,
  events,
  clock,
  recountMs = 30_000,
}: FleetSummaryOptions) {
  /** Each service's group and what it counts as; null: count from the list on the next read. */
  let counted: Map<string, { group: string; key: CountKey }> | null = null;
  let countedAt = 0;
  const counts = noCounts();
  const groups = new Map<string, StatusCounts>();
  /** The last answer's body without its revision, until the counts move. */
  let shown: Omit<FleetSummary, 'revision'> | null = null;

  const add = (group: string, key: CountKey, by: 1 | -1) => {
    counts[key] += by;
    let inGroup = groups.get(group);
    if (!inGroup) groups.set(group, (inGroup = noCounts()));
    inGroup[key] += by;
  };

  const recount = () => {
    counted = new Map();
    countedAt = clock.now();
    Object.assign(counts, noCounts());
    groups.clear();
    for (const s of monitor.listServices()) {
      const key = keyOf(s);
      counted.set(s.id, { group: s.group, key });
      add(s.group, key, 1);
    }
    shown = null;
  };

  const statusChanged = ({ serviceId, service }: StatusEvent) => {
    const entry = counted?.get(serviceId);
    // a service the count does not know (added since): the next read counts the list
    if (!entry || entry.group !== service.group) {
      counted = null;
      return;
    }
    const key = keyOf(service);
    if (key === entry.key) return;
    add(entry.group, entry.key, -1);
    add(entry.group, key, 1);
    entry.key = key;
    shown = null;
  };

  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'status') statusChanged(event.data as StatusEvent);
    else if (!UNRELATED.has(event.type)) counted = null;
  });

  return {
    /** Counts of the whole fleet and per group (sorted by group), at `revision`. */
    current(revision: number): FleetSummary {
      if (!counted || clock.now() - countedAt >= recountMs) recount();
      shown ??= {
        counts: { ...counts },
        groups: [...groups.keys()].sort().flatMap((group) => {
          const inGroup = groups.get(group)!;
          // a group whose services all moved away (a reload) is not listed, as in a count
          return Object.values(inGroup).some((n) => n > 0)
            ? [{ group, counts: { ...inGroup } }]
            : [];
        }),
      };
      return { revision, ...shown };
    },
    close: unsubscribe,
  };
}
