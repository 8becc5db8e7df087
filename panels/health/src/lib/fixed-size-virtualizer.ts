import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';

export interface VirtualItem {
  index: number;
  /** Offset of the item's top from the top of the list, in px. */
  start: number;
}

export interface FixedSizeVirtualizerOptions {
  count: number;
  scrollRef: RefObject<HTMLElement | null>;
  /** Each item's height in px, known up front (no measuring); keep it stable while items are. */
  sizeOf: (index: number) => number;
  /** Items rendered beyond each edge of the viewport, so a fast scroll shows no gap. */
  overscan: number;
}

export interface VisibleRange {
  first: number;
  last: number;
}

/** Each item's top; offsets[count] is the list's total height. */
export function offsetsOf(count: number, sizeOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + sizeOf(i);
  return offsets;
}

/** The item under `y` (binary search; the last item for y past the end). */
function indexAt(offsets: Float64Array, y: number): number {
  let low = 0;
  let high = offsets.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid]! <= y) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The items to render for a viewport at `top` of `height` px, overscan included (empty list: last < first). */
export function visibleRange(
  offsets: Float64Array,
  top: number,
  height: number,
  overscan: number,
): VisibleRange {
  const count = offsets.length - 1;
  if (count === 0) return { first: 0, last: -1 };
  const first = indexAt(offsets, Math.max(0, top));
  const last = indexAt(offsets, Math.max(0, top + height - 1));
  return { first: Math.max(0, first - overscan), last: Math.min(count - 1, last + overscan) };
}

/**
 * A virtual list of items of known heights: only the items in view (plus overscan) are rendered,
 * and the component re-renders only when that range changes, not on every scrolled pixel. Enough
 * for rows and group headers of fixed height, without a general virtualizer's measuring machinery
 * (@tanstack/react-virtual was ~10 kB gzip of the panel's first view).
 */
export function useFixedSizeVirtualizer({
  count,
  scrollRef,
  sizeOf,
  overscan,
}: FixedSizeVirtualizerOptions) {
  const offsets = useMemo(() => offsetsOf(count, sizeOf), [count, sizeOf]);
  const [viewport, setViewport] = useState({ top: 0, height: 0 });
  const range = visibleRange(offsets, viewport.top, viewport.height, overscan);

  // What the scroll listener compares against: the latest offsets and the range on screen.
  const latest = useRef({ offsets, range });
  useLayoutEffect(() => {
    latest.current = { offsets, range };
  });

  /** Reads the scroll element; re-renders only if the range to render changed. */
  const sync = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    const top = element.scrollTop;
    const height = element.clientHeight;
    const next = visibleRange(latest.current.offsets, top, height, overscan);
    const shown = latest.current.range;
    if (next.first !== shown.first || next.last !== shown.last) setViewport({ top, height });
  }, [scrollRef, overscan]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    sync();
    element.addEventListener('scroll', sync, { passive: true });
    const resize = new ResizeObserver(sync);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', sync);
      resize.disconnect();
    };
  }, [scrollRef, sync]);

  // The items changed (a filter, a re-sort): the same scroll position may need other items.
  useLayoutEffect(() => sync(), [offsets, sync]);

  const items: VirtualItem[] = [];
  for (let i = range.first; i <= range.last; i++) items.push({ index: i, start: offsets[i]! });

  /** Scrolls just enough to show item `index` whole (nothing if it already is). */
  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element || index < 0 || index >= offsets.length - 1) return;
      const top = offsets[index]!;
      const bottom = offsets[index + 1]!;
      if (top < element.scrollTop) element.scrollTo({ top });
      else if (bottom > element.scrollTop + element.clientHeight)
        element.scrollTo({ top: bottom - element.clientHeight });
      sync();
    },
    [offsets, scrollRef, sync],
  );

  return { totalSize: offsets[offsets.length - 1]!, items, scrollToIndex };
}
