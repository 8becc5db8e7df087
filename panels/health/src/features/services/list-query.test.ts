import { describe, expect, it } from 'vitest';
import { makeService, makeServices } from '@aether/contract/fixtures';
import {
  buildListItems,
  DEFAULT_QUERY,
  groupHeaderIndexes,
  listQueryToPath,
  parseListQuery,
  sortByName,
  type ListQuery,
} from './list-query';

const query = (over: Partial<ListQuery>): ListQuery => ({ ...DEFAULT_QUERY, ...over });
const serviceIds = (items: ReturnType<typeof buildListItems>) =>
  items.flatMap((i) => (i.kind === 'service' ? [i.id] : []));

describe('list query in the URL', () => {
  it('round-trips every field and leaves defaults out', () => {
    const q = query({
      status: 'down',
      group: 'commerce',
      tag: 'prod',
      q: 'orders api',
      sort: 'latency',
    });
    const path = listQueryToPath(q);
    expect(path).toBe('/?status=down&group=commerce&tag=prod&q=orders+api&sort=latency');
    expect(parseListQuery(new URLSearchParams(path.slice(2)))).toEqual(q);
    expect(listQueryToPath(DEFAULT_QUERY)).toBe('/');
  });

  it('ignores values it does not know', () => {
    expect(parseListQuery(new URLSearchParams('status=broken&sort=random'))).toEqual(DEFAULT_QUERY);
  });
});

describe('buildListItems', () => {
  const fleet = makeServices(20);

  it.each([
    [{ status: 'down' as const }, ['svc-00007', 'svc-00017']],
    [{ group: 'commerce', tag: 'critical' }, ['svc-00000', 'svc-00015']],
    [{ q: 'service 12' }, ['svc-00012']],
    [{ q: 'IDENTITY', status: 'unknown' as const }, []],
  ])('filters by %j', (over, ids) => {
    expect(serviceIds(buildListItems(fleet, query(over))).sort()).toEqual(ids);
  });

  it('pins down, then degraded services across groups under "Needs attention", then the groups alphabetically', () => {
    const items = buildListItems(sortByName(fleet), DEFAULT_QUERY);
    const named = (status: string) =>
      sortByName(fleet.filter((s) => s.status === status)).map((s) => s.id);
    const failing = [...named('down'), ...named('degraded')];
    expect(items[0]).toMatchObject({
      kind: 'group',
      group: 'Needs attention',
      count: failing.length,
      down: named('down').length,
      degraded: named('degraded').length,
    });
    expect(serviceIds(items.slice(1, 1 + failing.length))).toEqual(failing);
    expect(items.slice(1, 1 + failing.length).every((i) => i.kind === 'service' && i.pinned)).toBe(
      true,
    );
    expect(
      items.filter((i) => i.kind === 'group').map((i) => i.kind === 'group' && i.group),
    ).toEqual(['Needs attention', 'commerce', 'identity', 'payments', 'platform', 'search']);
    // each service once: a pinned one leaves its group, whose header still counts it
    expect(new Set(serviceIds(items)).size).toBe(fleet.length);
    const payments = items.findIndex((i) => i.kind === 'group' && i.group === 'payments');
    expect(items[payments]).toMatchObject({ count: 2, down: 2, degraded: 0 });
  });

  it.each([
    ['latency', ['svc-b', 'svc-a', 'svc-c']],
    ['uptime', ['svc-c', 'svc-a', 'svc-b']],
    ['name', ['svc-a', 'svc-b', 'svc-c']],
  ] as const)('sorts by %s, missing values last', (sort, ids) => {
    const services = [
      makeService(0, {
        id: 'svc-a',
        name: 'A',
        group: 'g',
        lastLatencyMs: 40,
        uptime: { h1: 1, h24: 0.99, d7: 1 },
      }),
      makeService(0, {
        id: 'svc-b',
        name: 'B',
        group: 'g',
        lastLatencyMs: 400,
        uptime: { h1: null, h24: null, d7: null },
      }),
      makeService(0, {
        id: 'svc-c',
        name: 'C',
        group: 'g',
        lastLatencyMs: null,
        uptime: { h1: 1, h24: 0.5, d7: 1 },
      }),
    ];
    expect(serviceIds(buildListItems(services, query({ sort })))).toEqual(ids);
  });

  it('orders names naturally and by status in name order', () => {
    const services = sortByName([12, 7, 17, 2].map((i) => makeService(i, { group: 'g' })));
    expect(services.map((s) => s.name)).toEqual([
      'Service 2',
      'Service 7',
      'Service 12',
      'Service 17',
    ]);
    expect(serviceIds(buildListItems(services, DEFAULT_QUERY))).toEqual([
      'svc-00007',
      'svc-00017',
      'svc-00002',
      'svc-00012',
    ]);
  });
});

describe('groupHeaderIndexes', () => {
  const fleet = makeServices(23);
  it.each<[string, Partial<ListQuery>]>([
    ['every group', {}],
    ['one group', { group: 'search' }],
    ['a status filter', { status: 'down' }],
    ['a search', { q: 'service 1' }],
    ['nothing', { q: 'nothing matches' }],
  ])('finds the headers of %s from their counts', (_, over) => {
    const items = buildListItems(sortByName(fleet), query(over));
    const scanned = items.flatMap((item, i) => (item.kind === 'group' ? [i] : []));
    expect(groupHeaderIndexes(items)).toEqual(scanned);
  });
});
