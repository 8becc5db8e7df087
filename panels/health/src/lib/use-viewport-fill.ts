import { useLayoutEffect, type RefObject } from 'react';

export interface ViewportFillOptions {
  /** Never shorter than this, in px: a phone in landscape still gets a usable list. */
  min: number;
  /** Room kept below the element, in px (the page's own bottom padding). */
  gap: number;
}

/**
 * Sizes an element to reach from where it starts on the page to the bottom of the viewport, and
 * keeps it so when the window resizes or anything above it changes height (a banner, the
 * filters wrapping on a narrow screen). The height is set on the element directly, not through
 * React state: a resize re-renders nothing, and a virtual list inside sees the new size through its
 * own ResizeObserver. The panel cannot size itself with CSS alone: the host decides whether the
 * panel's box has a height (the shell's overview does not).
 */
export function useViewportFill(
  ref: RefObject<HTMLElement | null>,
  { min, gap }: ViewportFillOptions,
) {
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const fit = () => {
      // the top as if the page were scrolled to its start, so scrolling never changes the height
      const top = element.getBoundingClientRect().top + window.scrollY;
      const height = Math.max(min, Math.floor(window.innerHeight - top - gap));
      const next = `${height}px`;
      if (element.style.height !== next) element.style.height = next;
    };
    fit();
    window.addEventListener('resize', fit);
    // content above the element (and so its top) moves when the page's layout changes size
    const observer = new ResizeObserver(fit);
    observer.observe(document.body);
    if (element.parentElement) observer.observe(element.parentElement);
    return () => {
      window.removeEventListener('resize', fit);
      observer.disconnect();
    };
  }, [ref, min, gap]);
}
