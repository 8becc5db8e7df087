import { describe, expect, it } from 'vitest';
import type { ServiceSummary, Status } from '@aether/contract';
import { makeService, makeServices } from '@aether/contract/fixtures';
import {
  buildListItems,
  DEFAULT_QUERY,
  sortByName,
  type ListItem,
  type ListQuery,
} from './list-query';
import { createStatusOrderedList, isStatusOrderedView } from './status-ordered-list';

/** Each group as `group count/down/degraded:` then its ids in list order; pinned rows as `^id`. */
function shape(items: readonly ListItem[]): string[] {
  return items.map((i) =>
    i.kind === 'group'
      ? `${i.group} ${i.count}/${i.down}/${i.degraded}:`
      : `${i.pinned ? '^' : ''}${i.id}`,
  );
}

/** A small fleet in two groups, names out of id order so name order is visible. */
const fleet = (): ServiceSummary[] =>
  sortByName([
    makeService(0, { id: 'a', name: 'Alpha', group: 'g1', status: 'up' }),
    makeService(0, { id: 'b', name: 'Bravo', group: 'g1', status: 'up' }),
    makeService(0, { id: 'c', name: 'Charlie', group: 'g1', status: 'down' }),
    makeService(0, { id: 'd', name: 'Delta', group: 'g1', status: 'unknown' }),
    makeService(0, { id: 'e', name: 'Echo', group: 'g0', status: 'up' }),
  ]);

describe('status-ordered list', () => {
  it.each<[string, [string, Status][], string[]]>([
    [
      'no change',
      [],
      ['Needs attention 1/1/0:', '^c', 'g0 1/0/0:', 'e', 'g1 3/1/0:', 'd', 'a', 'b'],
    ],
    [
      'up to down joins the pinned down services in name order',
      [['b', 'down']],
      ['Needs attention 2/2/0:', '^b', '^c', 'g0 1/0/0:', 'e', 'g1 2/2/0:', 'd', 'a'],
    ],
    [
      'down to up leaves "Needs attention" for its group, in name order',
      [['c', 'up']],
      ['g0 1/0/0:', 'e', 'g1 4/0/0:', 'd', 'a', 'b', 'c'],
    ],
    [
      'degraded is pinned after every down service',
      [['a', 'degraded']],
      ['Needs attention 2/1/1:', '^c', '^a', 'g0 1/0/0:', 'e', 'g1 2/1/1:', 'd', 'b'],
    ],
    [
      'several in one batch',
      [
        ['b', 'down'],
        ['a', 'down'],
        ['c', 'degraded'],
      ],
      ['Needs attention 3/2/1:', '^a', '^b', '^c', 'g0 1/0/0:', 'e', 'g1 1/2/1:', 'd'],
    ],
    [
      'there and back',
      [
        ['b', 'down'],
        ['b', 'up'],
      ],
      ['Needs attention 1/1/0:', '^c', 'g0 1/0/0:', 'e', 'g1 3/1/0:', 'd', 'a', 'b'],
    ],
    [
      'across groups, and a group with every service pinned has no header left',
      [['e', 'degraded']],
      ['Needs attention 2/1/1:', '^c', '^e', 'g1 3/1/0:', 'd', 'a', 'b'],
    ],
    [
      'an unknown id is ignored',
      [['zz', 'down']],
      ['Needs attention 1/1/0:', '^c', 'g0 1/0/0:', 'e', 'g1 3/1/0:', 'd', 'a', 'b'],
    ],
  ])('%s', (_, changes, expected) => {
    const list = createStatusOrderedList(fleet());
    list.items();
    for (const [id, status] of changes) list.setStatus(id, status);
    expect(shape(list.items())).toEqual(expected);
  });

  it('keeps the same array while no row moves and no count changes, and reuses unchanged groups', () => {
    const list = createStatusOrderedList(fleet());
    const first = list.items();
    expect(list.items()).toBe(first);

    list.setStatus('a', 'up'); // already up
    expect(list.items()).toBe(first);

    list.setStatus('d', 'up'); // unknown -> up: Delta moves from after Charlie to the end of g1
    const moved = list.items();
    expect(moved).not.toBe(first);
    expect(moved.slice(0, 4)).toEqual(first.slice(0, 4)); // "Needs attention" and g0 untouched
    moved.slice(0, 4).forEach((entry, i) => expect(entry).toBe(first[i]));

    list.setStatus('b', 'down');
    list.setStatus('b', 'up'); // back where it was within the same frame
    expect(list.items()).toBe(moved);
  });

  it('keeps the array when a change moves nothing and leaves the counts alone', () => {
    // Unknown and up are adjacent buckets and not counted in the header: the first up service of a
    // group whose unknown one sorts before it keeps its place when it becomes unknown.
    const list = createStatusOrderedList(
      sortByName([
        makeService(0, { id: 'a', name: 'A', group: 'g', status: 'unknown' }),
        makeService(0, { id: 'b', name: 'B', group: 'g', status: 'up' }),
      ]),
    );
    const first = list.items();
    list.setStatus('b', 'unknown');
    expect(list.items()).toBe(first);
    list.setStatus('a', 'up');
    expect(shape(list.items())).toEqual(['g 2/0/0:', 'b', 'a']);
  });

  it('gives exactly what buildListItems gives after many changes', () => {
    let services = sortByName(makeServices(500));
    const list = createStatusOrderedList(services);
    const statuses: Status[] = ['up', 'down', 'degraded', 'unknown'];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let frame = 0; frame < 60; frame++) {
      for (let k = 0; k < 17; k++) {
        const i = random(services.length);
        const status = statuses[random(4)]!;
        services = services.map((s, j) => (j === i ? { ...s, status } : s));
        list.setStatus(services[i]!.id, status);
      }
      expect(list.items()).toEqual(buildListItems(services, DEFAULT_QUERY));
    }
  });

  it('is empty for an empty fleet', () => {
    expect(createStatusOrderedList([]).items()).toEqual([]);
  });

  it.each<[Partial<ListQuery>, boolean]>([
    [{}, true],
    [{ sort: 'name' }, false],
    [{ sort: 'latency' }, false],
    [{ status: 'down' }, false],
    [{ group: 'g1' }, false],
    [{ tag: 'prod' }, false],
    [{ q: 'alpha' }, false],
  ])('serves the view %j: %s', (over, served) => {
    expect(isStatusOrderedView({ ...DEFAULT_QUERY, ...over })).toBe(served);
  });
});
