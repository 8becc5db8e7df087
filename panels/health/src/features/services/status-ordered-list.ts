import type { ServiceSummary, Status } from '@aether/contract';
import {
  attentionHeader,
  compareText,
  pinnedRow,
  STATUS_ORDER,
  type ListItem,
  type ListQuery,
} from './list-query';

type ServiceItem = Extract<ListItem, { kind: 'service' }>;
type GroupItem = Extract<ListItem, { kind: 'group' }>;

/**
 * The default view's list (status sort, no filter), kept up to date one status change at a time.
 * At 1,000 changes a second over 10,000 services, rebuilding the whole list each frame
 * (buildListItems, then sameItems to keep an unchanged list) was most of the panel's frame work;
 * here a change moves one service between two of its group's status buckets, and only the groups
 * that changed get new list entries. Failing services (the down and degraded buckets) are shown in
 * "Needs attention", kept the same way across groups. Gives exactly what buildListItems gives.
 */
export interface StatusOrderedList {
  /** Moves a service to the bucket of its new status; unknown ids are ignored. */
  setStatus(id: string, status: Status): void;
  /** The list entries: the same array until a change moves a row or a group's counts. */
  items(): readonly ListItem[];
}

/** Whether a query shows the list this keeps: status order, nothing filtered out. */
export function isStatusOrderedView(query: ListQuery): boolean {
  return (
    query.sort === 'status' &&
    !query.status &&
    !query.group &&
    !query.tag &&
    !query.q &&
    !query.maintenance &&
    !query.alerting
  );
}

interface GroupState {
  name: string;
  /** Ranks (positions in name order) of the group's services, one bucket per status, ascending. */
  buckets: [number[], number[], number[], number[]];
  /** The group's header and rows as last handed out; null until first built. */
  entries: ListItem[] | null;
  dirty: boolean;
}

/** The first position in `sorted` whose value is not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `services` must be in name order (sortByName); membership is fixed for the list's life. */
export function createStatusOrderedList(services: readonly ServiceSummary[]): StatusOrderedList {
  const rankOf = new Map<string, number>();
  const rows: ServiceItem[] = [];
  const groupOfRank: GroupState[] = [];
  const bucketOfRank: number[] = [];
  const byName = new Map<string, GroupState>();

  services.forEach((s, rank) => {
    rankOf.set(s.id, rank);
    rows.push({ kind: 'service', key: s.id, id: s.id });
    let group = byName.get(s.group);
    if (!group)
      byName.set(
        s.group,
        (group = { name: s.group, buckets: [[], [], [], []], entries: null, dirty: true }),
      );
    const bucket = STATUS_ORDER[s.status];
    group.buckets[bucket]!.push(rank); // ranks arrive ascending
    groupOfRank.push(group);
    bucketOfRank.push(bucket);
  });
  const groups = [...byName.values()].sort((a, b) => compareText(a.name, b.name));
  // "Needs attention": ranks of every down, then every degraded service, ascending (name order).
  const attention: [number[], number[]] = [[], []];
  services.forEach((s, rank) => {
    const bucket = STATUS_ORDER[s.status];
    if (bucket < 2) attention[bucket as 0 | 1].push(rank);
  });
  const pinnedRows: ListItem[] = [];
  const pinnedRowOf = (rank: number) => (pinnedRows[rank] ??= pinnedRow(services[rank]!.id));
  let attentionEntries: ListItem[] = [];
  let attentionDirty = true;
  let items: ListItem[] = [];
  let dirty = true;

  function rebuild(group: GroupState): boolean {
    group.dirty = false;
    const [down, degraded, unknown, up] = group.buckets;
    const count = unknown.length + up.length;
    const previous = group.entries;
    const header = previous?.[0] as GroupItem | undefined;
    // a group whose every service is pinned above has no rows left here, so no header either
    const next: ListItem[] =
      count === 0
        ? []
        : header &&
            header.count === count &&
            header.down === down.length &&
            header.degraded === degraded.length
          ? [header]
          : [
              {
                kind: 'group',
                key: `group:${group.name}`,
                group: group.name,
                count,
                down: down.length,
                degraded: degraded.length,
              },
            ];
    if (count > 0)
      for (const bucket of [unknown, up]) for (const rank of bucket) next.push(rows[rank]!);
    // Rows are shared objects, so an unchanged group compares by identity, entry by entry.
    if (
      previous &&
      previous.length === next.length &&
      previous.every((entry, i) => entry === next[i])
    )
      return false;
    group.entries = next;
    return true;
  }

  function rebuildAttention(): boolean {
    attentionDirty = false;
    const [down, degraded] = attention;
    const previous = attentionEntries;
    const header = previous[0] as GroupItem | undefined;
    const next: ListItem[] =
      !down.length && !degraded.length
        ? []
        : [
            header && header.down === down.length && header.degraded === degraded.length
              ? header
              : attentionHeader(down.length, degraded.length),
            ...down.map(pinnedRowOf),
            ...degraded.map(pinnedRowOf),
          ];
    // Pinned rows are cached objects too: an unchanged group compares by identity.
    if (previous.length === next.length && previous.every((entry, i) => entry === next[i]))
      return false;
    attentionEntries = next;
    return true;
  }

  return {
    setStatus(id, status) {
      const rank = rankOf.get(id);
      if (rank === undefined) return;
      const from = bucketOfRank[rank]!;
      const to = STATUS_ORDER[status];
      if (from === to) return;
      const group = groupOfRank[rank]!;
      const source = group.buckets[from]!;
      source.splice(lowerBound(source, rank), 1);
      const target = group.buckets[to]!;
      target.splice(lowerBound(target, rank), 0, rank);
      bucketOfRank[rank] = to;
      if (from < 2) {
        const pinned = attention[from as 0 | 1];
        pinned.splice(lowerBound(pinned, rank), 1);
      }
      if (to < 2) {
        const pinned = attention[to as 0 | 1];
        pinned.splice(lowerBound(pinned, rank), 0, rank);
      }
      attentionDirty ||= from < 2 || to < 2;
      group.dirty = true;
      dirty = true;
    },
    items() {
      if (!dirty) return items;
      dirty = false;
      let changed = attentionDirty && rebuildAttention();
      for (const group of groups) if (group.dirty && rebuild(group)) changed = true;
      if (changed) {
        const next: ListItem[] = [...attentionEntries];
        for (const group of groups) for (const entry of group.entries!) next.push(entry);
        items = next;
      }
      return items;
    },
  };
}
