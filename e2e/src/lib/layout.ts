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

/**
 * What makes a page too wide: the elements past the window's right edge none of whose children
 * are (the content that pushes, not every box around it), widest first — what to fix.
 */
export async function overflowingElements(page: Page, max = 6): Promise<string[]> {
  return page.evaluate((limit) => {
    const width = document.documentElement.clientWidth;
    const past = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1;
    };
    const found: { what: string; right: number }[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (!past(el) || Array.from(el.children).some(past)) continue;
      const cls =
        typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : '';
      const text = (el.textContent ?? '').trim().slice(0, 30);
      const right = el.getBoundingClientRect().right;
      found.push({
        what: `${el.tagName.toLowerCase()}${cls} "${text}" right=${Math.round(right)}`,
        right,
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
