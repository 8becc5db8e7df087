import { describe, expect, it } from 'vitest';
import { renderHook } from '@testing-library/react';
import type { ListItem } from '../list-query';
import { useItemSizeOf } from './use-item-size-of';

const HEIGHTS = { group: 40, row: 56 };
const header = (group: string, count: number, down = 0): ListItem => ({
  kind: 'group',
  key: `group:${group}`,
  group,
  count,
  down,
  degraded: 0,
});
const row = (id: string): ListItem => ({ kind: 'service', key: id, id });

const base = [header('a', 2), row('a1'), row('a2'), header('b', 1), row('b1')];

describe('useItemSizeOf', () => {
  it('gives group headers and rows their heights', () => {
    const { result } = renderHook(() => useItemSizeOf(base, HEIGHTS));
    expect(base.map((_, i) => result.current(i))).toEqual([40, 56, 56, 40, 56]);
  });

  it.each<[string, ListItem[], boolean]>([
    ['the same layout in a new array', [...base], false],
    [
      'rows reordered within their groups',
      [header('a', 2), row('a2'), row('a1'), header('b', 1), row('b1')],
      false,
    ],
    [
      'a header whose counts of trouble changed',
      [header('a', 2, 1), row('a2'), row('a1'), header('b', 1), row('b1')],
      false,
    ],
    [
      'a row moved to another group',
      [header('a', 1), row('a1'), header('b', 2), row('a2'), row('b1')],
      true,
    ],
    ['a group gone', [header('a', 2), row('a1'), row('a2')], true],
    ['a group added', [...base, header('c', 1), row('c1')], true],
  ])('after %s, new function: %s', (_, next, changed) => {
    const { result, rerender } = renderHook(
      (items: readonly ListItem[]) => useItemSizeOf(items, HEIGHTS),
      { initialProps: base },
    );
    const before = result.current;
    rerender(next);
    expect(result.current !== before).toBe(changed);
    expect(next.map((_, i) => result.current(i))).toEqual(
      next.map((item) => (item.kind === 'group' ? 40 : 56)),
    );
  });

  it('handles an empty list', () => {
    const { result } = renderHook(() => useItemSizeOf([], HEIGHTS));
    expect(result.current(0)).toBe(56);
  });
});
