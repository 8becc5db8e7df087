import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, VIEWPORTS } from '../lib/browser.js';
import { recordDeployFinish, recordDeployStart } from '../lib/deploy-record.js';
import { LAPTOP } from '../lib/layout.js';
import { readRunningConfig } from '../lib/running-config.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, waitForPanelState } from '../lib/shell-page.js';
import { serviceStatus } from '../lib/operation-calls.js';
import { EXTERNAL, ROOT, setSampleMode, TOKENS, URLS } from '../lib/stack.js';

const env = stackPerFile();
const run = promisify(execFile);

afterAll(async () => {
  await setSampleMode('auth', 'ok').catch(() => undefined);
});

/** The overall verdict's words on the deploy page (panels/health deploy-summary VERDICT_LABEL). */
const VERDICT = /^Verdict (Worse than|Same as|Better than) before$/;
/**
 * A row's reasons that say results failed (the comparison rule's words): a lower success ratio or
 * a condition that started failing. p95 moves are left out on purpose — on a loaded machine a
 * healthy check's p95 can jump from 3 to 40 ms, which the rule rightly calls worse.
 */
const FAILING_REASON = /success [\d.]+% → [\d.]+%|started failing/;

/** Every check of the service has a first result (a service is up only when all of them are). */
async function waitUntilUp(id: string, timeout = 60_000): Promise<void> {
  await expect.poll(() => serviceStatus(id), { timeout, interval: 500 }).toBe('up');
}

/** deploy.sh's next step after the start record: `aether verify` against the gateway. */
async function aetherVerify(service: string): Promise<void> {
  await run(
    'node',
    ['gateway/bin/aether.js', 'verify', '--gateway', URLS.gateway, '--service', service],
    { cwd: ROOT, env: { ...process.env, AETHER_TOKEN: TOKENS.admin } },
  );
}

/** The deploy page with its comparison loaded: the heading and the overall verdict. */
async function openDeployPage(page: Page): Promise<void> {
  const health = await waitForPanelState(page, 'health', 'ready');
  await health.getByRole('heading', { name: /^Deploy / }).waitFor();
  await health.getByText(VERDICT).waitFor();
}

// the Compose stack's samples take no control requests and its config is its own: the scenario breaks samples on purpose, so it runs against the local stack only
describe.skipIf(EXTERNAL)('deploys recorded by deploy.sh', () => {
  it('shows a deploy on the deploys list and its page with a before/after verdict per check', async () => {
    await waitUntilUp('orders');
    const version = `e2e-${Date.now()}`;
    const id = await recordDeployStart(['orders'], version);
    await aetherVerify('orders');
    await recordDeployFinish(id, 'succeeded');
    // a finished deploy's "after" runs from its finish: verify once more so every check (30 s
    // intervals included) has a result on that side now, instead of waiting a round for them
    await aetherVerify('orders');

    for (const [name, viewport] of [
      ['desktop', LAPTOP],
      ['mobile', VIEWPORTS.mobile],
    ] as const) {
      const { context, page } = await openShell(env.browser, '/p/health/deploys', viewport);
      try {
        const health = await waitForPanelState(page, 'health', 'ready');
        const row = health.locator('tbody tr').filter({ hasText: version });
        await row.waitFor();
        expect(await row.textContent()).toMatch(/orders.*succeeded/);
        await row.getByRole('link', { name: version }).click();
        await page.waitForURL(new RegExp(`/p/health/deploys/${encodeURIComponent(id)}$`));
        await openDeployPage(page);
        await health
          .getByText(/orders · by demo-admin · started .* · succeeded · scripts\/deploy\.sh/)
          .waitFor();

        // one row per check of orders, each compared on both sides and carrying its verdict
        const table = health.getByRole('table');
        const rows = table.locator('tbody tr');
        await expect.poll(() => rows.count()).toBe(3);
        for (const check of ['health', 'port', 'dns']) {
          const checkRow = rows.filter({ has: page.locator('code', { hasText: check }) });
          const text = await checkRow.textContent();
          expect(text).toMatch(/(better|same|worse)/);
          // "no results since the deploy" would mean nothing was compared
          expect(text).not.toMatch(/no results/);
          // a healthy service, verified right after its deploy, has no failure to report
          expect(text).not.toMatch(FAILING_REASON);
        }
        await screenshot(page, `deploy-page-${name}`);
      } finally {
        await context.close();
      }
    }
  });

  it('shows "worse" within failAfter × interval + 2 s of breaking a deployed service', async () => {
    const { intervalMs, failAfter } = (await readRunningConfig()).check('auth', 'health');
    const boundMs = failAfter * intervalMs + 2_000;
    await waitUntilUp('auth');
    const id = await recordDeployStart(['auth'], `e2e-broken-${Date.now()}`);
    await aetherVerify('auth');

    const { context, page } = await openShell(
      env.browser,
      `/p/health/deploys/${encodeURIComponent(id)}`,
      LAPTOP,
    );
    try {
      await openDeployPage(page);
      const health = page.locator('[data-panel-id="health"]');
      const authHealth = health
        .locator('tbody tr')
        .filter({ has: page.locator('code', { hasText: 'health' }) });
      expect(await authHealth.textContent()).not.toMatch(FAILING_REASON);

      const brokeAt = Date.now();
      await setSampleMode('auth', 'fail');
      // "worse" because its results fail, not because of a slow probe
      await authHealth
        .filter({ hasText: /worse/ })
        .filter({ hasText: FAILING_REASON })
        .waitFor({ timeout: boundMs + 5_000 });
      const tookMs = Date.now() - brokeAt;
      console.info(
        `deploy page: auth health "worse" (its results failing) ${tookMs} ms after the break (bound ${boundMs} ms = failAfter ${failAfter} × interval ${intervalMs} ms + 2 s)`,
      );
      await health.getByText('Verdict Worse than before').waitFor();
      await screenshot(page, 'deploy-page-worse-desktop');
      expect(tookMs).toBeLessThanOrEqual(boundMs);
    } finally {
      await setSampleMode('auth', 'ok');
      await recordDeployFinish(id, 'rolled-back');
      await context.close();
    }
  });
});
