import { describe, expect, it } from 'vitest';
import type { Incident } from '@aether/contract';
import { groupFlaps } from './flap-groups.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const at = (m: number) => new Date(T0 + m * MIN).toISOString();

function incident(id: string, start: number, end: number | null, checkId = 'health'): Incident {
  return {
    id,
    serviceId: 'cart',
    checkId,
    status: 'down',
    startedAt: at(start),
    endedAt: end === null ? null : at(end),
    durationMs: end === null ? null : (end - start) * MIN,
    cause: 'status: expected 200, actual 503',
  };
}

const settings = { changes: 4, windowMs: 10 * MIN };
const groups = (list: Incident[]) => groupFlaps(list, settings).map((i) => i.flapGroup ?? '-');

describe('groupFlaps', () => {
  it.each([
    ['eight incidents in ten minutes are one group', [0, 1, 2, 3, 4, 5, 6, 7], 'a', 8],
    ['one incident alone is no group', [0], '-', 1],
    ['two within the window (4 changes) are a group', [0, 1], 'a', 2],
  ])('%s', (_what, starts, group, count) => {
    const list = starts.map((m, i) =>
      incident(String.fromCharCode(97 + i), m * 1.2, m * 1.2 + 0.5),
    );
    expect(groups(list)).toEqual(Array<string>(count).fill(group));
  });

  it('keeps apart incidents further apart than the window, and other checks', () => {
    const list = [
      incident('a', 0, 1),
      incident('b', 2, 3),
      incident('c', 30, 31), // 27 min after b ended: a new run, alone
      incident('d', 2, 3, 'port'), // another check: its own runs
    ];
    expect(groups(list)).toEqual(['a', 'a', '-', '-']);
  });

  it('an open incident ends its run; an open one after an ended one counts 3 changes', () => {
    expect(groups([incident('a', 0, 1), incident('b', 2, null)])).toEqual(['-', '-']);
    expect(
      groupFlaps([incident('a', 0, 1), incident('b', 2, null)], {
        changes: 3,
        windowMs: 10 * MIN,
      }).map((i) => i.flapGroup),
    ).toEqual(['a', 'a']);
  });

  it('keeps the order it is given (newest first from the store)', () => {
    const list = [incident('c', 4, 5), incident('b', 2, 3), incident('a', 0, 1)];
    expect(groupFlaps(list, settings).map((i) => [i.id, i.flapGroup])).toEqual([
      ['c', 'a'],
      ['b', 'a'],
      ['a', 'a'],
    ]);
  });
});
