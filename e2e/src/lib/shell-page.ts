import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { newContext, VIEWPORTS } from './browser.js';
import { URLS, type PanelId } from './stack.js';

/** How long a panel may take to load on a cold, shared CI machine. */
export const PANEL_TIMEOUT_MS = 30_000;

/** A fresh browser context (its own cookies: one person) with one page on the shell. */
export async function openShell(
  browser: Browser,
  route = '/',
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  await page.goto(`${URLS.shell}${route}`);
  return { context, page };
}

/** The shell's mount point of one panel (PRODUCT.md: data-panel-id / -version / -state). */
export function panelMount(page: Page, id: PanelId): Locator {
  return page.locator(`[data-panel-id="${id}"]`);
}

export async function waitForPanelState(
  page: Page,
  id: PanelId,
  state: 'loading' | 'ready' | 'error',
  timeout = PANEL_TIMEOUT_MS,
): Promise<Locator> {
  const mount = page.locator(`[data-panel-id="${id}"][data-panel-state="${state}"]`);
  // attached, not visible: on a phone a panel may sit below the fold or behind a collapsed rail
  await mount.waitFor({ state: 'attached', timeout });
  return mount;
}

/** Signs in through the shell's own dialog (token → session cookie), as a person would. */
export async function signIn(page: Page, token: string): Promise<void> {
  const banner = page.getByRole('banner');
  await banner.getByRole('button', { name: 'Sign in', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in' });
  await dialog.getByLabel('Token').fill(token);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await banner.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Client-side navigation inside the shell (no page load), as a click on an internal link does. */
export async function navigate(page: Page, route: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, route);
}

/**
 * Marks the current document so a test can prove later that it was never reloaded
 * (recovery and version swaps must happen in place).
 */
export async function markDocument(page: Page): Promise<string> {
  const mark = `e2e-${Date.now()}-${Math.random()}`;
  await page.evaluate(
    (value) => ((window as unknown as { __e2eMark?: string }).__e2eMark = value),
    mark,
  );
  return mark;
}

export async function documentMark(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: string }).__e2eMark);
}

/** Waits until `locator` contains text matching `pattern` (event-driven: playwright polls the DOM). */
export async function waitForText(
  locator: Locator,
  pattern: RegExp | string,
  timeout = PANEL_TIMEOUT_MS,
): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
}
