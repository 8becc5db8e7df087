import { afterAll, describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../lib/browser.js';
import { LAPTOP } from '../lib/layout.js';
import { serviceStatus, verifyNow } from '../lib/operation-calls.js';
import { readRunningConfig } from '../lib/running-config.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, waitForPanelState } from '../lib/shell-page.js';
import { EXTERNAL, setSampleMode } from '../lib/stack.js';

/**
 * A target that flips up and down faster than the config's flapping rule allows (PRODUCT.md:
 * `changes` status changes within `window`) is shown as flapping — its own state in the list and
 * on its page, its incidents grouped into one row — not as a plain "Up · for 0 s".
 */
const env = stackPerFile();
const SERVICE = 'auth';

afterAll(async () => {
  await setSampleMode(SERVICE, 'ok').catch(() => undefined);
});

/**
 * Breaks or heals the target and runs its checks at once until the gateway has it in `status`
 * (failAfter or recoverAfter runs, a few more if a scheduled run was already in flight).
 */
async function flipTo(status: 'up' | 'down', runs: number): Promise<void> {
  await setSampleMode(SERVICE, status === 'down' ? 'fail' : 'ok');
  for (let i = 0; i < runs + 3; i++) {
    await verifyNow([SERVICE]);
    if (i + 1 >= runs && (await serviceStatus(SERVICE)) === status) return;
  }
  await expect.poll(() => serviceStatus(SERVICE), { timeout: 10_000 }).toBe(status);
}

// the Compose stack's samples take no control requests and its config is its own: the scenario breaks samples on purpose, so it runs against the local stack only
describe.skipIf(EXTERNAL)('a flapping target', () => {
  it('is shown as flapping in the list and on its page, with its incidents grouped', async () => {
    const config = await readRunningConfig();
    const { changes, windowMs } = config.flapRule(SERVICE);
    const { failAfter, recoverAfter } = config.check(SERVICE, 'health');
    await expect.poll(() => serviceStatus(SERVICE), { timeout: 30_000 }).toBe('up');

    const { context, page } = await openShell(env.browser, '/p/health', LAPTOP);
    try {
      const health = await waitForPanelState(page, 'health', 'ready');
      const row = health.locator(`[data-service-id="${SERVICE}"]`).first();
      await row.waitFor();

      // `changes` status changes, well inside the window: down, up, down, up…
      const startedAt = Date.now();
      for (let change = 0; change < changes; change++)
        await (change % 2 === 0 ? flipTo('down', failAfter) : flipTo('up', recoverAfter));
      expect(Date.now() - startedAt).toBeLessThan(windowMs);

      // the list: its own state with the count, never "for 0 s"
      const flapping = health.locator(`[data-service-id="${SERVICE}"][data-flapping]`).first();
      await flapping.waitFor({ timeout: 10_000 });
      await expect.poll(() => flapping.textContent()).toMatch(/Flapping · ×\d+/);
      expect(await flapping.textContent()).not.toMatch(/for \d+ s/);
      // the badge is wider than a status: it must still end before the name begins
      const badgeRight = await flapping
        .locator('[data-status="flapping"]')
        .evaluate((el) => el.getBoundingClientRect().right);
      const nameLeft = await flapping
        .locator('.hp-row__name')
        .evaluate((el) => el.getBoundingClientRect().left);
      expect(badgeRight).toBeLessThanOrEqual(nameLeft);
      await screenshot(page, 'flapping-list-desktop');

      // its page: the badge, and the flips' incidents as one row with their count
      await row.click();
      await page.waitForURL(new RegExp(`/p/health/services/${SERVICE}`));
      await health
        .getByText(/Flapping · ×\d+/)
        .first()
        .waitFor();
      const incidents = health.getByRole('list', { name: 'Incidents' });
      const grouped = incidents.getByRole('listitem').filter({ hasText: /Flapping · ×\d+:/ });
      await grouped.first().waitFor({ timeout: 10_000 });
      await grouped.first().scrollIntoViewIfNeeded();
      const downs = Math.ceil(changes / 2);
      expect(await grouped.first().textContent()).toMatch(new RegExp(`${downs} incidents`));
      await screenshot(page, 'flapping-detail-desktop');

      await page.setViewportSize(VIEWPORTS.mobile);
      await grouped.first().scrollIntoViewIfNeeded();
      await screenshot(page, 'flapping-detail-mobile');
    } finally {
      await setSampleMode(SERVICE, 'ok');
      await context.close();
    }
  });
});
