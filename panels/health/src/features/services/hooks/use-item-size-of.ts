import { useMemo } from 'react';
import { groupHeaderIndexes, type ListItem } from '../list-query';

export interface ItemHeights {
  group: number;
  row: number;
}

/**
 * Each list item's height, as a function whose identity changes only when the group headers move
 * (a group's count changed, a group came or went), not with every new items array. The virtual
 * list recomputes its offsets (a prefix sum over every item) when this function changes, so a
 * status change that only reorders rows within their groups costs nothing there.
 */
export function useItemSizeOf(
  items: readonly ListItem[],
  { group, row }: ItemHeights,
): (index: number) => number {
  const layout = groupHeaderIndexes(items).join(',');
  return useMemo(() => {
    const headers = new Set(layout ? layout.split(',').map(Number) : []);
    return (index: number) => (headers.has(index) ? group : row);
  }, [layout, group, row]);
}
