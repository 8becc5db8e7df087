import type { ServiceSummary, Status } from '@aether/contract';

export const SORT_KEYS = ['status', 'name', 'latency', 'uptime'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const STATUS_FILTERS = [
  'down',
  'degraded',
  'unknown',
  'up',
] as const satisfies readonly Status[];

/** The list's view as it lives in the URL, so a filtered view can be shared. */
export interface ListQuery {
  status: Status | null;
  group: string | null;
  tag: string | null;
  q: string;
  /** Only services in a maintenance window (client-side: the gateway's list has no such filter). */
  maintenance: boolean;
  /** Only services with a firing alert (one GET /api/alerts?state=firing when turned on). */
  alerting: boolean;
  sort: SortKey;
}

/** Every filter off (the sort is not a filter): what "Clear filters" sets. */
export const NO_FILTERS = {
  status: null,
  group: null,
  tag: null,
  q: '',
  maintenance: false,
  alerting: false,
} satisfies Omit<ListQuery, 'sort'>;

export const DEFAULT_QUERY: ListQuery = { ...NO_FILTERS, sort: 'status' };

export function parseListQuery(search: URLSearchParams): ListQuery {
  const status = search.get('status');
  const sort = search.get('sort');
  return {
    status: (STATUS_FILTERS as readonly string[]).includes(status ?? '')
      ? (status as Status)
      : null,
    group: search.get('group') || null,
    tag: search.get('tag') || null,
    q: search.get('q') ?? '',
    maintenance: search.get('maintenance') === '1',
    alerting: search.get('alerting') === '1',
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '')
      ? (sort as SortKey)
      : DEFAULT_QUERY.sort,
  };
}

/** Only what differs from the defaults goes into the URL, in a stable order. */
export function listQueryToPath(query: ListQuery): string {
  const search = new URLSearchParams();
  if (query.status) search.set('status', query.status);
  if (query.group) search.set('group', query.group);
  if (query.tag) search.set('tag', query.tag);
  if (query.q) search.set('q', query.q);
  if (query.maintenance) search.set('maintenance', '1');
  if (query.alerting) search.set('alerting', '1');
  if (query.sort !== DEFAULT_QUERY.sort) search.set('sort', query.sort);
  const text = search.toString();
  return text ? `/?${text}` : '/';
}

export type ListItem =
  | { kind: 'group'; key: string; group: string; count: number; down: number; degraded: number }
  | { kind: 'service'; key: string; id: string; pinned?: true };

/** The group of failing services pinned above all others, whatever their own group. */
export const ATTENTION_GROUP = 'Needs attention';
/** Its key cannot collide with a real group's (`group:<name>`). */
export const ATTENTION_KEY = 'attention';

/** The "Needs attention" header for `down` down and `degraded` degraded services. */
export function attentionHeader(down: number, degraded: number): ListItem {
  return {
    kind: 'group',
    key: ATTENTION_KEY,
    group: ATTENTION_GROUP,
    count: down + degraded,
    down,
    degraded,
  };
}

/** Worst first, so trouble is at the top of each group. */
export const STATUS_ORDER: Record<Status, number> = { down: 0, degraded: 1, unknown: 2, up: 3 };

// Natural order ("Service 7" before "Service 17") through a cached sort key: a locale-aware compare
// per pair is too slow for 10,000 rows.
const sortKeys = new Map<string, string>();
function naturalKey(text: string): string {
  let key = sortKeys.get(text);
  if (key === undefined) {
    key = text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));
    if (sortKeys.size > 50_000) sortKeys.clear();
    sortKeys.set(text, key);
  }
  return key;
}
export const compareText = (a: string, b: string) => {
  const x = naturalKey(a);
  const y = naturalKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The fleet in name order: the base every other order refines (sorts below are stable). */
export function sortByName(services: readonly ServiceSummary[]): ServiceSummary[] {
  return [...services].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
}

// Missing values (no latency or uptime yet) sort last; ties keep name order (Array.sort is stable).
const METRIC_COMPARATORS = {
  latency: (a: ServiceSummary, b: ServiceSummary) =>
    (b.lastLatencyMs ?? -1) - (a.lastLatencyMs ?? -1),
  uptime: (a: ServiceSummary, b: ServiceSummary) => (a.uptime.h24 ?? 2) - (b.uptime.h24 ?? 2),
};

/** Orders one group's members (given in name order). Status needs no comparison: four stable buckets. */
function orderMembers(members: ServiceSummary[], sort: SortKey): ServiceSummary[] {
  if (sort === 'name') return members;
  if (sort === 'status') {
    const buckets: ServiceSummary[][] = [[], [], [], []];
    for (const s of members) buckets[STATUS_ORDER[s.status]]!.push(s);
    return buckets.flat();
  }
  return members.sort(METRIC_COMPARATORS[sort]);
}

export function matchesQuery(
  service: ServiceSummary,
  query: ListQuery,
  alerting?: ReadonlySet<string>,
): boolean {
  if (query.alerting && !alerting?.has(service.id)) return false;
  if (query.status && service.status !== query.status) return false;
  if (query.group && service.group !== query.group) return false;
  if (query.tag && !service.tags.includes(query.tag)) return false;
  if (query.maintenance && !service.maintenance) return false;
  if (query.q) {
    const needle = query.q.toLowerCase();
    const haystack =
      `${service.name} ${service.id} ${service.group} ${service.tags.join(' ')}`.toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

/**
 * Sorted by status: "Needs attention" first (down, then degraded, across all groups, in name order), then the groups
 * alphabetically, each with a header and its other services ordered by the chosen sort. A failing
 * service is shown once, pinned: a Down service in the last group must not wait below the fold.
 * Other sorts: the groups alone, as sorted.
 * `services` must be in name order (sortByName), so ties and the status buckets read alphabetically.
 */
export function buildListItems(
  services: readonly ServiceSummary[],
  query: ListQuery,
  alerting?: ReadonlySet<string>,
): ListItem[] {
  const groups = new Map<string, ServiceSummary[]>();
  const down: ListItem[] = [];
  const degraded: ListItem[] = [];
  // per group, its services pinned above: its header still says how many of them fail
  const pinned = new Map<string, { down: number; degraded: number }>();
  // Worst first is the status sort's promise; a chosen name or metric order is kept as asked.
  const pins = query.sort === 'status';
  for (const s of services) {
    if (!matchesQuery(s, query, alerting)) continue;
    if (pins && (s.status === 'down' || s.status === 'degraded')) {
      (s.status === 'down' ? down : degraded).push(pinnedRow(s.id));
      let tally = pinned.get(s.group);
      if (!tally) pinned.set(s.group, (tally = { down: 0, degraded: 0 }));
      tally[s.status]++;
      continue;
    }
    let members = groups.get(s.group);
    if (!members) groups.set(s.group, (members = []));
    members.push(s);
  }
  const items: ListItem[] = [];
  if (down.length || degraded.length)
    items.push(attentionHeader(down.length, degraded.length), ...down, ...degraded);
  for (const group of [...groups.keys()].sort(compareText)) {
    const members = orderMembers(groups.get(group)!, query.sort);
    const tally = pinned.get(group);
    items.push({
      kind: 'group',
      key: `group:${group}`,
      group,
      count: members.length,
      down: tally?.down ?? 0,
      degraded: tally?.degraded ?? 0,
    });
    for (const s of members) items.push({ kind: 'service', key: s.id, id: s.id });
  }
  return items;
}

/** A failing service's row in "Needs attention" (it shows its group, which is not above it). */
export const pinnedRow = (id: string): ListItem => ({ kind: 'service', key: id, id, pinned: true });

/**
 * Where the group headers fall, read from each header's count (every list built here is headers,
 * each followed by its `count` rows): O(groups), not O(items).
 */
export function groupHeaderIndexes(items: readonly ListItem[]): number[] {
  const headers: number[] = [];
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    if (item.kind === 'group') {
      headers.push(i);
      i += 1 + item.count;
    } else i++;
  }
  return headers;
}

/** Whether two item lists render the same rows, so an unchanged list keeps its identity. */
export function sameItems(a: readonly ListItem[], b: readonly ListItem[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.key !== y.key) return false;
    if (
      x.kind === 'group' &&
      y.kind === 'group' &&
      (x.count !== y.count || x.down !== y.down || x.degraded !== y.degraded)
    )
      return false;
  }
  return true;
}

export function facetsOf(services: readonly ServiceSummary[]): {
  groups: string[];
  tags: string[];
} {
  const groups = new Set<string>();
  const tags = new Set<string>();
  for (const s of services) {
    groups.add(s.group);
    s.tags.forEach((t) => tags.add(t));
  }
  return { groups: [...groups].sort(), tags: [...tags].sort() };
}
