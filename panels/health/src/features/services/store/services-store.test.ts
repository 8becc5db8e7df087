import { describe, expect, it, vi } from 'vitest';
import type { AetherEvent, ServiceSummary } from '@aether/contract';
import { makeResult, makeService, makeServices, makeStatusEvent } from '@aether/contract/fixtures';
import { ATTENTION_KEY, buildListItems, DEFAULT_QUERY, type ListItem } from '../list-query';
import { createServicesStore } from './services-store';

function statusEvent(i: number, status: 'up' | 'down' | 'degraded'): AetherEvent {
  const service = makeService(i, { status, since: '2026-11-27T12:00:05.000Z' });
  return makeStatusEvent(service, makeService(i).status);
}

describe('services store', () => {
  it('notifies only the row whose service changed, and the batch listeners once', () => {
    const store = createServicesStore();
    store.replaceAll(makeServices(5));
    const rows = [0, 1, 2].map((i) => {
      const listener = vi.fn();
      store.subscribeService(makeService(i).id, listener);
      return listener;
    });
    const batch = vi.fn();
    store.subscribe(batch);

    store.applyEvents([statusEvent(1, 'down')]);

    expect(rows.map((r) => r.mock.calls.length)).toEqual([0, 1, 0]);
    expect(batch).toHaveBeenCalledOnce();
    expect(store.getService('svc-00001')?.status).toBe('down');
  });

  it('counts statuses and bumps the structure version only on status changes', () => {
    const store = createServicesStore();
    store.replaceAll(makeServices(10));
    expect(store.getCounts()).toEqual({ up: 7, degraded: 1, down: 1, unknown: 1 });
    const structure = store.structureVersion();

    store.applyEvents([
      {
        id: null,
        type: 'result',
        data: makeResult('svc-00000', 'health', true, { durationMs: 99 }),
      },
    ]);
    expect(store.structureVersion()).toBe(structure);
    expect(store.getService('svc-00000')?.lastLatencyMs).toBe(99);
    expect(store.getRecentLatencies('svc-00000')).toEqual([99]);

    store.applyEvents([statusEvent(0, 'down')]);
    expect(store.structureVersion()).toBe(structure + 1);
    expect(store.getCounts()).toEqual({ up: 6, degraded: 1, down: 2, unknown: 1 });
  });

  it('replaces the fleet on a snapshot and ignores results of unknown services', () => {
    const store = createServicesStore();
    store.replaceAll(makeServices(3));
    store.applyEvents([
      {
        id: '1',
        type: 'snapshot',
        data: { services: makeServices(2), at: '2026-11-27T12:00:00.000Z' },
      },
      { id: '2', type: 'result', data: makeResult('nope', 'health', true) },
    ]);
    expect(store.getIds()).toEqual(['svc-00000', 'svc-00001']);
  });

  const renamed = (i: number, over: Partial<ServiceSummary>): AetherEvent =>
    makeStatusEvent(makeService(i, over));

  // Membership views (members, name order) are rebuilt only when membership changes; the full
  // name-ordered list is always current.
  it.each([
    ['a status change', [statusEvent(1, 'down')], false],
    [
      'a result',
      [
        {
          id: null,
          type: 'result',
          data: makeResult('svc-00002', 'health', false, { durationMs: 7 }),
        },
      ] as AetherEvent[],
      false,
    ],
    ['a new service', [statusEvent(9, 'down')], true],
    ['a rename', [renamed(1, { name: 'Aardvark' })], true],
    ['a group change', [renamed(1, { group: 'zeta' })], true],
    ['a tag change', [renamed(1, { tags: ['canary'] })], true],
    [
      'a snapshot',
      [
        {
          id: null,
          type: 'snapshot',
          data: { services: makeServices(5), at: '2026-11-27T12:00:00.000Z' },
        },
      ] as AetherEvent[],
      true,
    ],
  ])('after %s, rebuilds the membership views: %s', (_, events, rebuilt) => {
    const store = createServicesStore();
    store.replaceAll(makeServices(5));
    const members = store.getMembers();
    const byName = store.getIdsByName();
    const allByName = store.getAllByName();

    store.applyEvents(events);

    expect(store.getMembers() !== members).toBe(rebuilt);
    expect(store.getIdsByName() !== byName).toBe(rebuilt);
    expect(store.getMembers().map((s) => s.id)).toEqual(store.getIds());
    expect(store.getAllByName()).not.toBe(allByName);
    expect(store.getAllByName().map((s) => s.id)).toEqual(store.getIdsByName());
    for (const s of store.getAllByName()) expect(s).toBe(store.getService(s.id));
  });

  it('orders names naturally in the membership order, renames included', () => {
    const store = createServicesStore();
    store.replaceAll([12, 2, 7].map((i) => makeService(i)));
    expect(store.getIdsByName()).toEqual(['svc-00002', 'svc-00007', 'svc-00012']);
    store.applyEvents([renamed(12, { name: 'Service 1' })]);
    expect(store.getIdsByName()).toEqual(['svc-00012', 'svc-00002', 'svc-00007']);
  });

  const FIVE_GROUPS = ['commerce 2', 'identity 2', 'payments 2', 'platform 2', 'search 2'];
  // each group with all its services, those pinned in "Needs attention" included
  const groupsOf = (items: readonly ListItem[]) =>
    items.flatMap((i) =>
      i.kind === 'group' && i.key !== ATTENTION_KEY
        ? [`${i.group} ${i.count + i.down + i.degraded}`]
        : [],
    );

  // The default view's list follows status changes in place and is rebuilt when membership changes.
  it.each<[string, AetherEvent[], string[], boolean]>([
    [
      'a result',
      [{ id: null, type: 'result', data: makeResult('svc-00000', 'health', false) }],
      FIVE_GROUPS,
      false,
    ],
    ['a status event that changes no status', [statusEvent(0, 'up')], FIVE_GROUPS, false],
    ['a status change', [statusEvent(3, 'down')], FIVE_GROUPS, true],
    ['a service in a new group', [renamed(12, { group: 'aaa' })], ['aaa 1', ...FIVE_GROUPS], true],
    [
      'the last services of a group leaving it',
      [renamed(2, { group: 'identity' }), renamed(7, { group: 'identity' })],
      ['commerce 2', 'identity 4', 'platform 2', 'search 2'],
      true,
    ],
    [
      'a snapshot',
      [
        {
          id: null,
          type: 'snapshot',
          data: { services: makeServices(2), at: '2026-11-27T12:00:00.000Z' },
        },
      ],
      ['commerce 1', 'identity 1'],
      true,
    ],
  ])('keeps the default list up to date after %s', (_, events, groups, changed) => {
    const store = createServicesStore();
    store.replaceAll(makeServices(10));
    const before = store.getStatusOrderedItems();

    store.applyEvents(events);

    const after = store.getStatusOrderedItems();
    expect(after !== before).toBe(changed);
    expect(groupsOf(after)).toEqual(groups);
    expect(after).toEqual(buildListItems(store.getAllByName(), DEFAULT_QUERY));
  });
});

describe('services store: pages and changes', () => {
  const counts = { up: 500, degraded: 3, down: 2, unknown: 0 };

  it('shows a first page with the fleet counts of the summary until the whole fleet arrives', () => {
    const store = createServicesStore();
    store.applyPage(makeServices(3));
    expect(store.loaded).toBe(true);
    expect(store.complete).toBe(false);
    expect(store.countsKnown).toBe(false); // the page came first: its counts are not the fleet's
    store.applyFleetCounts(counts);
    expect(store.countsKnown).toBe(true);
    expect(store.getCounts()).toEqual(counts);
    store.replaceAll(makeServices(5));
    expect(store.complete).toBe(true);
    expect(store.getCounts()).not.toEqual(counts);
    store.applyPage(makeServices(1)); // a late page or summary changes nothing now
    store.applyFleetCounts(counts);
    expect(store.getIds()).toHaveLength(5);
    expect(store.getCounts()).not.toEqual(counts);
  });

  it('adds, changes and removes services from the changes feed', () => {
    const store = createServicesStore();
    store.replaceAll(makeServices(4));
    const before = store.getCounts();
    const removed = store.getService('svc-00001')!;
    store.applyChanges([makeService(9, { status: 'down' })], ['svc-00001']);
    expect(store.getIds()).toEqual(['svc-00000', 'svc-00002', 'svc-00003', 'svc-00009']);
    expect(store.getService('svc-00001')).toBeUndefined();
    expect(store.getCounts().down).toBe(before.down + 1 - (removed.status === 'down' ? 1 : 0));
    expect(store.getStatusOrderedItems()).toEqual(
      buildListItems(store.getAllByName(), DEFAULT_QUERY),
    );
  });

  it('keeps the failing result of a check until a success of that check', () => {
    const store = createServicesStore();
    store.replaceAll(makeServices(1));
    const failing = makeResult('svc-00000', 'health', false);
    store.applyEvents([{ id: null, type: 'result', data: failing }]);
    expect(store.getFailingResult('svc-00000', 'health')).toBe(failing);
    store.applyEvents([
      { id: null, type: 'result', data: makeResult('svc-00000', 'health', true) },
    ]);
    expect(store.getFailingResult('svc-00000', 'health')).toBeUndefined();
  });

  // What the dependency graph and the outage view are keyed on: membership and structure versions.
  it.each<[string, Partial<ServiceSummary>, number, number]>([
    ['a dependsOn change (config reload)', { dependsOn: ['svc-00002'] }, 1, 1],
    ['a new root cause', { rootCause: { serviceId: 'svc-00002', checkId: 'health' } }, 0, 1],
    [
      'the same root through another failing check',
      { rootCause: { serviceId: 'svc-00001', checkId: 'tcp' } },
      0,
      1,
    ],
    [
      'the same root cause again',
      { rootCause: { serviceId: 'svc-00001', checkId: 'health' } },
      0,
      0,
    ],
    ['the same dependsOn again', { dependsOn: ['svc-00001'] }, 0, 0],
  ])(
    'moves membership and structure versions on %s',
    (_, change, membershipBumps, structureBumps) => {
      const store = createServicesStore();
      store.replaceAll([
        makeService(0, {
          dependsOn: ['svc-00001'],
          rootCause: { serviceId: 'svc-00001', checkId: 'health' },
        }),
        ...makeServices(3).slice(1),
      ]);
      const membership = store.membershipVersion();
      const structure = store.structureVersion();
      store.applyChanges([{ ...store.getService('svc-00000')!, ...change }], []);
      expect(store.membershipVersion() - membership).toBe(membershipBumps);
      expect(store.structureVersion() - structure).toBe(structureBumps);
    },
  );
});
