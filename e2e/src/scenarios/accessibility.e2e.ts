import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../lib/axe.js';
import { screenshot, VIEWPORTS } from '../lib/browser.js';
import { tabTo } from '../lib/keyboard.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, signIn, waitForPanelState, waitForText } from '../lib/shell-page.js';
import { TOKENS, URLS } from '../lib/stack.js';

const env = stackPerFile();

interface View {
  name: string;
  route: string;
  /** What must be on screen before the view is judged. */
  ready: (page: Page) => Promise<void>;
}

const panel = (page: Page, id: string) => page.locator(`[data-panel-id="${id}"]`);

const VIEWS: View[] = [
  {
    name: 'now',
    route: '/',
    ready: async (page) =>
      void (await page.getByRole('heading', { level: 1, name: 'Now' }).waitFor()),
  },
  {
    name: 'deploys',
    route: '/p/health/deploys',
    ready: async (page) =>
      void (await panel(page, 'health').getByRole('heading', { name: 'Deploys' }).waitFor()),
  },
  {
    name: 'overview',
    route: '/panels',
    ready: async (page) => {
      await waitForPanelState(page, 'health', 'ready');
      await waitForPanelState(page, 'interaction', 'ready');
    },
  },
  {
    name: 'health-list',
    route: '/p/health',
    ready: async (page) =>
      void (await panel(page, 'health').locator('[data-service-id="orders"]').waitFor()),
  },
  {
    name: 'health-detail',
    route: '/p/health/services/orders',
    ready: async (page) => void (await panel(page, 'health').locator('table').first().waitFor()),
  },
  {
    name: 'operate-catalog',
    route: '/p/interaction/services/orders',
    ready: async (page) =>
      void (await panel(page, 'interaction')
        .getByRole('list', { name: 'Operations on Orders API' })
        .waitFor()),
  },
  {
    name: 'operate-operation',
    route: '/p/interaction/services/orders/operations/flush-cache',
    ready: async (page) =>
      void (await panel(page, 'interaction').getByRole('form', { name: 'Parameters' }).waitFor()),
  },
  {
    name: 'operate-approvals',
    route: '/p/interaction/approvals',
    ready: async (page) =>
      void (await panel(page, 'interaction').getByText('Waiting for approval').first().waitFor()),
  },
  {
    name: 'operate-audit',
    route: '/p/interaction/audit',
    ready: async (page) => {
      const trail = panel(page, 'interaction');
      // a fresh database may hold no entry yet: the table or the empty notice, and the chain's verdict
      await trail
        .getByRole('table', { name: 'Audit actions' })
        .or(trail.getByText('No audit entries match'))
        .waitFor();
      await trail.getByRole('region', { name: 'Audit chain' }).getByRole('status').waitFor();
    },
  },
];

describe('accessibility and screenshots of each view', () => {
  for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
    it(`has no serious or critical axe violations (${viewportName} ${viewport.width}×${viewport.height})`, async () => {
      const { context, page } = await openShell(env.browser, '/panels', viewport);
      try {
        await waitForPanelState(page, 'interaction', 'ready');
        await signIn(page, TOKENS.operator);
        const found: Record<string, string[]> = {};
        for (const view of VIEWS) {
          await page.goto(`${URLS.shell}${view.route}`);
          await view.ready(page);
          found[view.name] = (await seriousViolations(page)).map(
            (v) =>
              `${v.id} (${v.impact}): ${v.help} — ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
          );
          await screenshot(page, `${view.name}-${viewportName}`);
        }
        // the dialogs: sign-in and the command palette
        await page.goto(`${URLS.shell}/panels`);
        await waitForPanelState(page, 'health', 'ready');
        await page.keyboard.press('Control+K');
        await page.getByRole('dialog').waitFor();
        found['command-palette'] = (await seriousViolations(page)).map(
          (v) => `${v.id} (${v.impact}): ${v.help}`,
        );
        await screenshot(page, `command-palette-${viewportName}`);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
        await page
          .getByRole('banner')
          .getByRole('button', { name: 'Sign in', exact: true })
          .click();
        await page.getByRole('dialog', { name: 'Sign in' }).waitFor();
        found['sign-in'] = (await seriousViolations(page)).map(
          (v) => `${v.id} (${v.impact}): ${v.help}`,
        );
        await screenshot(page, `sign-in-${viewportName}`);

        expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual(
          {},
        );
      } finally {
        await context.close();
      }
    });
  }
});

describe('the main flows by keyboard alone', () => {
  it('signs in, jumps to a panel with Ctrl+K, dry-runs and runs an operation, and opens a service', async () => {
    const { context, page } = await openShell(env.browser, '/panels');
    try {
      await waitForPanelState(page, 'interaction', 'ready');
      const banner = page.getByRole('banner');

      // sign in: Tab to the button, Enter, type the token, Enter
      await tabTo(page, banner.getByRole('button', { name: 'Sign in', exact: true }));
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Sign in' });
      await tabTo(page, dialog.getByLabel('Token'));
      await page.keyboard.type(TOKENS.operator);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await banner.getByRole('button', { name: 'Sign out' }).waitFor();

      // command palette to the Operate panel
      await page.keyboard.press('Control+K');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.type('Operate');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/p\/interaction/);
      const operate = await waitForPanelState(page, 'interaction', 'ready');

      // catalog → operation → dry run → run → confirm
      await tabTo(
        page,
        operate
          .getByRole('navigation', { name: 'Services' })
          .getByRole('link', { name: /Orders API/ }),
      );
      await page.keyboard.press('Enter');
      await tabTo(
        page,
        operate
          .getByRole('list', { name: 'Operations on Orders API' })
          .getByRole('link', { name: /Restart/ }),
      );
      await page.keyboard.press('Enter');
      await tabTo(page, operate.getByRole('button', { name: 'Dry run' }));
      await page.keyboard.press('Enter');
      await waitForText(operate.getByRole('region', { name: 'Dry run' }), /admin\/restart/);
      await tabTo(page, operate.getByRole('button', { name: 'Run…' }));
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('dialog', { name: /Restart/ });
      await tabTo(page, confirm.getByRole('button', { name: 'Run Restart' }));
      await page.keyboard.press('Enter');
      await waitForText(operate.getByRole('region', { name: 'Result' }), /202/);

      // the health panel by keyboard: into the list, Enter on a row opens its detail
      await page.keyboard.press('Control+K');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.type('Health');
      await page.keyboard.press('Enter');
      const health = await waitForPanelState(page, 'health', 'ready');
      await tabTo(page, health.locator('[data-service-id][tabindex="0"]').first());
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/p\/health\/services\//);
      await health.locator('table').first().waitFor();
    } finally {
      await context.close();
    }
  });
});
