import { afterEach, describe, it } from 'vitest';
import { screenshot } from '../lib/browser.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, waitForPanelState, waitForText } from '../lib/shell-page.js';
import { setSampleMode } from '../lib/stack.js';

// auth in examples/aether.config.yaml: its health check runs every 5 s with failAfter 2 and the default recoverAfter 1.
const INTERVAL_MS = 5_000;
const FAIL_AFTER = 2;
const RECOVER_AFTER = 1;
/** The budget: failAfter × interval + 2 s from the break to "down" on screen. */
const DOWN_WITHIN_MS = FAIL_AFTER * INTERVAL_MS + 2_000;
const UP_WITHIN_MS = RECOVER_AFTER * INTERVAL_MS + 2_000;

const env = stackPerFile();

afterEach(async () => {
  await setSampleMode('auth', 'ok');
});

describe('a sample service made to fail', () => {
  it('shows it down with the failing condition within failAfter × interval + 2 s, then up again', async () => {
    const { context, page } = await openShell(env.browser, '/p/health');
    try {
      await waitForPanelState(page, 'health', 'ready');
      const row = page.locator('[data-service-id="auth"]');
      // a first result must be in before the break, so "down" below is a transition the stream delivered
      await page
        .locator('[data-service-id="auth"][data-status="up"]')
        .waitFor({ timeout: UP_WITHIN_MS + INTERVAL_MS });

      await setSampleMode('auth', 'fail');
      await page
        .locator('[data-service-id="auth"][data-status="down"]')
        .waitFor({ timeout: DOWN_WITHIN_MS });
      await waitForText(row, 'Down');

      // the detail says exactly what failed: expected against actual, failing first
      await row.click();
      const failing = page.locator('tr[data-ok="false"]').first();
      await failing.waitFor();
      await waitForText(failing, /503/);
      await waitForText(failing, /Failed/);
      await screenshot(page, 'health-detail-down-desktop');

      await setSampleMode('auth', 'ok');
      await page
        .getByRole('link', { name: /All services/ })
        .first()
        .click();
      await page
        .locator('[data-service-id="auth"][data-status="up"]')
        .waitFor({ timeout: UP_WITHIN_MS });
    } finally {
      await context.close();
    }
  });
});
