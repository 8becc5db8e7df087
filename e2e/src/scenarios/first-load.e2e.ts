import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, VIEWPORTS } from '../lib/browser.js';
import { startStack, type Stack } from '../lib/stack.js';
import { openShell, panelMount, waitForPanelState } from '../lib/shell-page.js';

let stack: Stack;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  stack = await startStack();
  ({ browser, close: closeBrowser } = await launchBrowser());
});

afterAll(async () => {
  await closeBrowser?.();
  await stack?.close();
});

describe('first load', () => {
  it.each(Object.entries(VIEWPORTS))(
    'shows both panels ready from the registry (%s)',
    async (name, viewport) => {
      // /panels: every panel side by side (/ is the Now view, which mounts none)
      const { context, page } = await openShell(browser, '/panels', viewport);
      try {
        await waitForPanelState(page, 'health', 'ready');
        await waitForPanelState(page, 'interaction', 'ready');
        // the rail is built from the registry: one link per registered panel
        const rail = page.getByRole('navigation', { name: 'Panels' });
        await rail.getByRole('link', { name: /Health/ }).waitFor();
        await rail.getByRole('link', { name: /Operate/ }).waitFor();
        expect(await panelMount(page, 'health').getAttribute('data-panel-version')).toMatch(/\S/);
        await screenshot(page, `overview-${name}`);
      } finally {
        await context.close();
      }
    },
  );
});
