import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../lib/axe.js';
import { screenshot } from '../lib/browser.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, signIn, waitForPanelState, waitForText } from '../lib/shell-page.js';
import { gatewayApi, setSampleMode, TOKENS } from '../lib/stack.js';

const env = stackPerFile();

// auth in examples/aether.config.yaml: health every 5 s, failAfter 2. This test is about the tab
// icon, not how soon a failure shows (service-failure.e2e.ts holds that bound): the wait is generous
// for a loaded 2-core CI machine, as in root-cause.e2e.ts.
const DOWN_WITHIN_MS = 60_000;

describe('operations in context', () => {
  it('the palette acts: opens an operation with its dry run, and verifies a service in place', async () => {
    const { context, page } = await openShell(env.browser, '/panels');
    try {
      await waitForPanelState(page, 'interaction', 'ready');
      await signIn(page, TOKENS.operator);

      await page.keyboard.press('Control+K');
      const palette = page.getByRole('dialog', { name: 'Go to' });
      await palette.getByRole('combobox').fill('restart orders');
      await palette
        .getByRole('option', { name: /Open Restart on Orders API with dry run/ })
        .waitFor();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/p\/interaction\/services\/orders\/operations\/restart\?dryRun=1$/);
      const operate = await waitForPanelState(page, 'interaction', 'ready');
      // the dry run is there without a click; nothing ran
      await waitForText(
        operate.getByRole('region', { name: 'Dry run' }),
        /POST .*\/admin\/restart/,
      );
      await operate.getByRole('region', { name: 'Live health' }).waitFor();
      await screenshot(page, 'palette-dry-run-desktop');

      await page.keyboard.press('Control+K');
      await palette.getByRole('combobox').fill('verify orders');
      await palette.getByRole('option', { name: /^Verify Orders API/ }).click();
      await waitForText(
        palette.getByRole('status', { name: 'Verdict' }),
        /Orders API (passes|fails)/,
      );
      await screenshot(page, 'palette-verify-desktop');
      expect((await seriousViolations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('after Run the operation page follows the service’s checks', async () => {
    const { context, page } = await openShell(
      env.browser,
      '/p/interaction/services/orders/operations/restart',
    );
    try {
      await waitForPanelState(page, 'interaction', 'ready');
      await signIn(page, TOKENS.operator);
      const operate = page.locator('[data-panel-id="interaction"]');
      await waitForText(operate.getByRole('region', { name: 'Live health' }), /checks up/);
      const run = operate.getByRole('button', { name: 'Run…' });
      await run.click();
      const dialog = page.getByRole('dialog', { name: /Restart/ });
      await dialog.waitFor();
      // Escape gives focus back to Run, not to <body>
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await run.evaluate((el) => el === document.activeElement)).toBe(true);

      await run.click();
      await dialog.getByRole('button', { name: 'Run Restart' }).click();
      const after = operate.getByRole('region', { name: 'After the run' });
      await waitForText(after.getByRole('status'), /Following orders's checks · \d:\d\d left/);
      // a result of the next probe round lands in the strip
      await after
        .getByRole('img', { name: /results?, \d+ down, last / })
        .first()
        .waitFor({ timeout: 20_000 });
      await screenshot(page, 'operation-after-run-desktop');
    } finally {
      await context.close();
    }
  });

  it('the tab icon counts down services, then goes back to the plain mark', async () => {
    const { context, page } = await openShell(env.browser, '/');
    const iconSvg = async () =>
      decodeURIComponent((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '');
    /** The number on the icon's disc (9 for "9+"), 0 for the plain mark. */
    const iconCount = async () => {
      const svg = await iconSvg();
      return svg.includes('<circle') ? Number(/>(\d+)\+?<\/text>/.exec(svg)?.[1]) : 0;
    };
    const gatewayDown = async () =>
      (
        (await (await gatewayApi('GET', '/api/summary', TOKENS.operator)).json()) as {
          counts: { down: number };
        }
      ).counts.down;
    const authStatus = async () =>
      (
        (await (await gatewayApi('GET', '/api/services/auth', TOKENS.operator)).json()) as {
          status: string;
        }
      ).status;
    // Other samples may change meanwhile: the icon is judged against the gateway's own count.
    const iconFollowsGateway = () =>
      expect
        .poll(async () => (await iconCount()) === Math.min(await gatewayDown(), 9), {
          timeout: 10_000,
        })
        .toBe(true);
    try {
      await page.getByText(/services watched/).waitFor();
      await expect.poll(iconSvg).toMatch(/^data:image\/svg\+xml,<svg/);
      await iconFollowsGateway();

      await setSampleMode('auth', 'fail');
      await expect.poll(authStatus, { timeout: DOWN_WITHIN_MS }).toBe('down');
      await iconFollowsGateway();
      expect(await iconCount()).toBeGreaterThan(0);
      expect(await page.title()).toMatch(/^\(\d+ down\)/);
      await screenshot(page, 'favicon-down-desktop');

      await setSampleMode('auth', 'ok');
      await expect.poll(authStatus, { timeout: DOWN_WITHIN_MS }).toBe('up');
      await iconFollowsGateway();
      if ((await gatewayDown()) === 0) expect(await iconSvg()).not.toContain('<circle');
    } finally {
      await setSampleMode('auth', 'ok');
      await context.close();
    }
  });
});
