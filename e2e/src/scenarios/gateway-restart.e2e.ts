import { describe, expect, it } from 'vitest';
import { screenshot } from '../lib/browser.js';
import { stackPerFile } from '../lib/scenario.js';
import {
  documentMark,
  markDocument,
  openShell,
  PANEL_TIMEOUT_MS,
  waitForPanelState,
} from '../lib/shell-page.js';
import { EXTERNAL, SKIP_REASON_EXTERNAL } from '../lib/stack.js';

const env = stackPerFile();

describe.skipIf(EXTERNAL)(
  `the gateway restarted${EXTERNAL ? ` (skipped: ${SKIP_REASON_EXTERNAL})` : ''}`,
  () => {
    it('the shell says it is reconnecting, marks the kept data stale, then resumes live without a reload', async () => {
      const { context, page } = await openShell(env.browser, '/p/health');
      try {
        const panel = await waitForPanelState(page, 'health', 'ready');
        const connection = page.getByRole('banner').getByRole('status');
        await connection.filter({ hasText: 'Live' }).waitFor();
        await panel.locator('[data-service-id="orders"]').waitFor();
        const mark = await markDocument(page);

        await env.stack.stopGateway();
        await connection
          .filter({ hasText: /Reconnecting|Offline/ })
          .waitFor({ timeout: PANEL_TIMEOUT_MS });
        // what is still on screen is said to be old, with its age, rather than passed off as current
        const stale = panel.getByRole('status').filter({ hasText: 'Stale data' });
        await stale.waitFor();
        await panel.locator('[data-service-id="orders"]').waitFor();
        await screenshot(page, 'gateway-down-desktop');

        await env.stack.startGateway();
        await connection.filter({ hasText: 'Live' }).waitFor({ timeout: PANEL_TIMEOUT_MS });
        await stale.waitFor({ state: 'detached', timeout: PANEL_TIMEOUT_MS });
        await panel.locator('[data-service-id="orders"]').waitFor();
        expect(
          await page.locator('[data-panel-id="health"]').getAttribute('data-panel-state'),
        ).toBe('ready');
        expect(await documentMark(page)).toBe(mark);
      } finally {
        await context.close();
      }
    });
  },
);
