import { describe, expect, it } from 'vitest';
import { screenshot } from '../lib/browser.js';
import { stackPerFile } from '../lib/scenario.js';
import {
  documentMark,
  markDocument,
  openShell,
  panelMount,
  waitForPanelState,
  waitForText,
} from '../lib/shell-page.js';
import {
  EXTERNAL,
  gatewayApi,
  PANEL_COPY_PORT,
  SKIP_REASON_EXTERNAL,
  TOKENS,
} from '../lib/stack.js';

const env = stackPerFile();
/** The issue's budget from PUT /api/panels/:id to the open shell showing the new version. */
const SWAP_WITHIN_MS = 5_000;

describe.skipIf(EXTERNAL)(
  `panel isolation and independent deploys${EXTERNAL ? ` (skipped: ${SKIP_REASON_EXTERNAL})` : ''}`,
  () => {
    it("a stopped panel server shows that panel's card, the other panel keeps working, and it recovers without a reload", async () => {
      await env.stack.stopPanelServer('health');
      const { context, page } = await openShell(env.browser, '/panels');
      try {
        const card = await waitForPanelState(page, 'health', 'error');
        await waitForText(card, 'Health is unavailable');
        await waitForText(card, 'Remote unreachable');
        await card.getByRole('button', { name: 'Retry' }).waitFor();
        await screenshot(page, 'isolation-health-down-desktop');

        // the other panel is untouched and usable (its search filters in place: clicking a link
        // would navigate to /p/interaction and unmount the health card we are watching)
        const interaction = await waitForPanelState(page, 'interaction', 'ready');
        await interaction.getByLabel('Search services and operations').fill('payments');
        const services = interaction.getByRole('navigation', { name: 'Services' });
        await services.getByRole('link', { name: /Orders API/ }).waitFor({ state: 'detached' });
        await services.getByRole('link', { name: /Payments/ }).waitFor();

        const mark = await markDocument(page);
        await env.stack.startPanelServer('health');
        // recovery by the shell's own retry with backoff (1, 2, 4, 8 s…): no reload, no click
        await waitForPanelState(page, 'health', 'ready');
        expect(await documentMark(page)).toBe(mark);
      } finally {
        await context.close();
      }
    });

    it('a new panel version registered with PUT /api/panels/:id is swapped into open shells within 5 s', async () => {
      const copy = await env.stack.servePanelCopy('health', PANEL_COPY_PORT);
      const { context, page } = await openShell(env.browser, '/panels');
      try {
        await waitForPanelState(page, 'health', 'ready');
        const before = await panelMount(page, 'health').getAttribute('data-panel-version');
        const mark = await markDocument(page);
        const version = `${before}-e2e.${Date.now()}`;
        // counted from the browser's own request events, not the page's resource-timing buffer,
        // which stops recording at 250 entries (one CI run found no entry for the copy)
        const copyOrigin = new URL(copy.entry).origin;
        let fromCopy = false;
        page.on('request', (request) => {
          if (request.url().startsWith(copyOrigin)) fromCopy = true;
        });

        const response = await gatewayApi('PUT', '/api/panels/health', TOKENS.admin, {
          entry: copy.entry,
          module: './Panel',
          version,
        });
        expect(response.status).toBe(200);
        await page
          .locator(
            `[data-panel-id="health"][data-panel-version="${version}"][data-panel-state="ready"]`,
          )
          .waitFor({ timeout: SWAP_WITHIN_MS });
        expect(await documentMark(page)).toBe(mark);
        // the new version really comes from the new server
        expect(fromCopy).toBe(true);

        // roll back, so the registry ends as it started
        expect(
          (await gatewayApi('POST', '/api/panels/health/rollback', TOKENS.admin, {})).status,
        ).toBe(200);
        await page
          .locator(
            `[data-panel-id="health"][data-panel-version="${before}"][data-panel-state="ready"]`,
          )
          .waitFor({ timeout: SWAP_WITHIN_MS });
      } finally {
        await context.close();
        await copy.stop();
      }
    });
  },
);
