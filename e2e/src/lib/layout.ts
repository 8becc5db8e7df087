import type { Locator, Page } from 'playwright-core';

/** The laptop screen: what an on-call engineer sees first, before any scrolling. */
export const LAPTOP = { width: 1440, height: 900 } as const;

/** How much wider than the window the page is (0: no sideways scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

/** The widest elements that stick out past the window's right edge: what to fix when overflowing. */
export async function overflowingElements(page: Page, max = 5): Promise<string[]> {
  return page.evaluate((limit) => {
    const width = document.documentElement.clientWidth;
    const found: { what: string; right: number }[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      const parent = el.parentElement?.getBoundingClientRect();
      // report where it starts, not every descendant of one wide element
      if (parent && parent.right > width + 1) continue;
      const cls = typeof el.className === 'string' && el.className ? `.${el.className}` : '';
      found.push({
        what: `${el.tagName.toLowerCase()}${cls} right=${Math.round(box.right)}`,
        right: box.right,
      });
    }
    return found
      .sort((a, b) => b.right - a.right)
      .slice(0, limit)
      .map((f) => f.what);
  }, max);
}

/** The element's box in viewport coordinates, with whether all of it is on screen (no scrolling). */
export async function viewportBox(
  page: Page,
  locator: Locator,
): Promise<{ top: number; bottom: number; left: number; right: number; inside: boolean }> {
  const box = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
  const size = page.viewportSize();
  if (!size) throw new Error('the page has no fixed viewport');
  const inside =
    box.top >= 0 && box.left >= 0 && box.bottom <= size.height && box.right <= size.width;
  return { ...box, inside };
}
