import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { offsetsOf, useFixedSizeVirtualizer, visibleRange } from './fixed-size-virtualizer';

// A group header (40 px) every fifth item, rows of 56 px: like the health list.
const sizeOf = (i: number) => (i % 5 === 0 ? 40 : 56);

describe('offsetsOf', () => {
  it('puts each item below the previous one and ends at the total height', () => {
    expect([...offsetsOf(6, sizeOf)]).toEqual([0, 40, 96, 152, 208, 264, 304]);
    expect([...offsetsOf(0, sizeOf)]).toEqual([0]);
  });
});

describe('visibleRange', () => {
  const offsets = offsetsOf(100, sizeOf); // 20 × (40 + 4 × 56) = 5,280 px
  it.each([
    ['the top, nothing measured yet', 0, 0, 0, { first: 0, last: 0 }],
    ['the top of an 800 px viewport', 0, 800, 0, { first: 0, last: 15 }],
    ['with overscan, clamped at the start', 0, 800, 6, { first: 0, last: 21 }],
    ['scrolled into the middle', 1000, 300, 2, { first: 17, last: 26 }],
    ['an item boundary is the next item', 40, 56, 0, { first: 1, last: 1 }],
    ['clamped at the end', 5200, 800, 6, { first: 92, last: 99 }],
  ])('%s', (_, top, height, overscan, expected) => {
    expect(visibleRange(offsets, top, height, overscan)).toEqual(expected);
  });

  it('is empty for an empty list', () => {
    expect(visibleRange(offsetsOf(0, sizeOf), 0, 800, 6)).toEqual({ first: 0, last: -1 });
  });
});

describe('useFixedSizeVirtualizer', () => {
  function setup(count: number) {
    const element = document.createElement('div'); // clientHeight 800 (src/testing/setup.ts)
    const scrollRef = { current: element };
    const view = renderHook(() =>
      useFixedSizeVirtualizer({ count, scrollRef, sizeOf, overscan: 2 }),
    );
    return { element, view };
  }

  it('renders the viewport plus overscan with each item at its offset', () => {
    const { view } = setup(100);
    expect(view.result.current.totalSize).toBe(5280);
    expect(view.result.current.items.at(0)).toEqual({ index: 0, start: 0 });
    expect(view.result.current.items.at(-1)).toEqual({ index: 17, start: 888 }); // 15 is the last in view
  });

  it('scrolls just enough to show an item below or above the viewport, and not for one in view', () => {
    const { element, view } = setup(100);
    act(() => view.result.current.scrollToIndex(3));
    expect(element.scrollTop).toBe(0);
    act(() => view.result.current.scrollToIndex(50)); // 50 is a header at 2,640–2,680 px
    expect(element.scrollTop).toBe(2680 - 800);
    expect(view.result.current.items.map((i) => i.index)).toContain(50);
    act(() => view.result.current.scrollToIndex(40)); // 2,112 px: in view, stays put
    expect(element.scrollTop).toBe(1880);
    act(() => view.result.current.scrollToIndex(30)); // 1,584 px, above the viewport
    expect(element.scrollTop).toBe(1584);
    expect(view.result.current.items.at(0)).toEqual({ index: 28, start: 1472 });
  });

  it('follows scroll events, re-rendering only when the range changes', () => {
    const { element, view } = setup(100);
    let renders = 0;
    const counted = renderHook(() => {
      renders++;
      return useFixedSizeVirtualizer({
        count: 100,
        scrollRef: { current: element },
        sizeOf,
        overscan: 2,
      });
    });
    const before = renders;
    act(() => {
      element.scrollTop = 10; // still item 0 at the top
      element.dispatchEvent(new Event('scroll'));
    });
    expect(renders).toBe(before);
    act(() => {
      element.scrollTop = 1000;
      element.dispatchEvent(new Event('scroll'));
    });
    expect(renders).toBe(before + 1);
    expect(counted.result.current.items.at(0)?.index).toBe(17); // 19 at 1,000 px, minus overscan
    expect(view.result.current.items.at(0)?.index).toBe(17);
  });
});
