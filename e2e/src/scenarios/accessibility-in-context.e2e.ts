import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../lib/axe.js';
import { screenshot, VIEWPORTS } from '../lib/browser.js';
import { recordDeployFinish, recordDeployStart } from '../lib/deploy-record.js';
import { horizontalOverflow, LAPTOP, overflowingElements } from '../lib/layout.js';
import { invokeConfirmed, verifyNow, waitForServiceStatus } from '../lib/operation-calls.js';
import { readRunningConfig } from '../lib/running-config.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, signIn, waitForPanelState, waitForText } from '../lib/shell-page.js';
import { EXTERNAL, setSampleMode, TOKENS, URLS, type SampleName } from '../lib/stack.js';

/**
 * axe-core on the views issue 18 added, each with something in it rather than its empty state:
 * an outage (db down, orders and cart down with it), a recent deploy, an SLO, a request waiting
 * for a second operator — and, so filled, none of them scrolls sideways. accessibility.e2e.ts covers
 * the first wave's views and the keyboard.
 */

/** The demo has no SLO: orders gets one, so the SLOs page and orders' SLO section show figures. */
const env = stackPerFile({
  editConfig: (yaml) =>
    yaml.replace(
      /^( {2}- id: orders\n {4}name: Orders API\n)/m,
      '$1    slo: { objective: 99.9, window: 1h }\n',
    ),
});

const OUTAGE: SampleName[] = ['db', 'orders', 'cart'];
let deployId: string;

beforeAll(async () => {
  // it edits the config and breaks samples: the local stack only (see the describe below)
  if (EXTERNAL) return;
  await waitForServiceStatus('orders', 'up');
  deployId = await recordDeployStart(['orders', 'cart'], `e2e-a11y-${Date.now()}`);
  // the second operator approves it below: a request waits for approval
  const requested = await invokeConfirmed('orders', 'flush-cache', { region: 'eu' });
  if (requested !== 202) throw new Error(`flush-cache did not wait for approval (${requested})`);
  // db down, and orders and cart that depend on it: run their checks now rather than wait rounds
  const config = await readRunningConfig();
  for (const id of OUTAGE) await setSampleMode(id, 'fail');
  for (const id of OUTAGE) {
    const { failAfter } = config.check(id, 'health');
    for (let i = 0; i < failAfter; i++) await verifyNow([id]);
  }
  for (const id of OUTAGE) await waitForServiceStatus(id, 'down', 20_000);
  await recordDeployFinish(deployId, 'failed');
});

afterAll(async () => {
  for (const id of OUTAGE) await setSampleMode(id, 'ok').catch(() => undefined);
});

const health = (page: Page) => page.locator('[data-panel-id="health"]');
const operate = (page: Page) => page.locator('[data-panel-id="interaction"]');

interface View {
  name: string;
  route: () => string;
  /** What must be on screen (loaded, not a skeleton) before the view is judged. */
  ready: (page: Page) => Promise<unknown>;
}

const VIEWS: View[] = [
  {
    name: 'now-outage',
    route: () => '/',
    ready: async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Now' }).waitFor();
      await page.getByRole('article').filter({ hasText: 'Database' }).first().waitFor();
    },
  },
  {
    name: 'deploys-list',
    route: () => '/p/health/deploys',
    ready: (page) => health(page).locator('tbody tr').first().waitFor(),
  },
  {
    name: 'deploy-page',
    route: () => `/p/health/deploys/${encodeURIComponent(deployId)}`,
    ready: (page) =>
      health(page)
        .getByText(/^Verdict (Worse than|Same as|Better than) before$/)
        .waitFor(),
  },
  {
    name: 'outages',
    route: () => '/p/health/outages',
    ready: (page) => waitForText(health(page).locator('h3'), /Database/),
  },
  {
    name: 'slos',
    route: () => '/p/health/slos',
    ready: (page) => health(page).locator('tr[data-health]').first().waitFor(),
  },
  {
    // the detail page's new sections: SLO, dependencies, the operations rail, deploy markers
    name: 'service-detail-sections',
    route: () => '/p/health/services/orders',
    ready: async (page) => {
      const panel = health(page);
      await panel.getByRole('region', { name: 'SLO', exact: true }).waitFor();
      await panel.getByRole('region', { name: 'Dependencies' }).waitFor();
      await panel.getByRole('list', { name: 'Operations and their last run' }).waitFor();
      await panel.getByRole('list', { name: 'Deploys in this range' }).waitFor();
      for (const loading of ['Loading SLO', 'Loading dependencies'])
        await panel.getByRole('status', { name: loading }).waitFor({ state: 'detached' });
    },
  },
  {
    name: 'approvals-pending',
    route: () => '/p/interaction/approvals',
    ready: (page) =>
      operate(page)
        .getByRole('list', { name: 'Pending requests' })
        .getByRole('article')
        .first()
        .waitFor(),
  },
  {
    name: 'operation-live-health',
    route: () => '/p/interaction/services/orders/operations/restart',
    ready: (page) => operate(page).getByRole('region', { name: 'Live health' }).waitFor(),
  },
];

/** axe's serious and critical findings, one line each, with where. */
async function findings(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

// the Compose stack's samples take no control requests and its config is its own: this scenario runs against the local stack only
describe.skipIf(EXTERNAL)('accessibility of the views of issue 18, with data in them', () => {
  for (const [size, viewport] of [
    ['desktop', LAPTOP],
    ['mobile', VIEWPORTS.mobile],
  ] as const) {
    it(`has no serious or critical axe violations (${size} ${viewport.width}×${viewport.height})`, async () => {
      const { context, page } = await openShell(env.browser, '/', viewport);
      try {
        await signIn(page, TOKENS.operator2);
        const found: Record<string, string[]> = {};
        // with data in them, these views must fit a phone's width too (layout.e2e.ts checks the rest)
        const tooWide: Record<string, string> = {};
        for (const view of VIEWS) {
          await page.goto(`${URLS.shell}${view.route()}`);
          await view.ready(page);
          found[view.name] = await findings(page);
          const extra = await horizontalOverflow(page);
          if (extra > 0)
            tooWide[view.name] = `${extra} px: ${(await overflowingElements(page)).join(', ')}`;
          await screenshot(page, `a11y-${view.name}-${size}`);
        }
        expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual(
          {},
        );
        expect(tooWide).toEqual({});
      } finally {
        await context.close();
      }
    });
  }

  it('has none in the flows either: the approver’s second step and outcome, the grouped audit, the strip after a run', async () => {
    const { context, page } = await openShell(env.browser, '/p/interaction/approvals', LAPTOP);
    try {
      await waitForPanelState(page, 'interaction', 'ready');
      await signIn(page, TOKENS.operator2);
      const found: Record<string, string[]> = {};

      // four eyes: the exact request in a second step, then what it did
      await operate(page)
        .getByRole('list', { name: 'Pending requests' })
        .getByRole('article')
        .filter({ hasText: 'Flush cache' })
        .getByRole('button', { name: 'Approve…' })
        .click();
      const approve = page.getByRole('dialog', { name: /Approve “Flush cache”/ });
      await waitForText(approve, /\$\{ORDERS_ADMIN_TOKEN\}/);
      found['approve-second-step'] = await findings(page);
      await screenshot(page, 'a11y-approve-second-step-desktop');
      await approve.getByRole('button', { name: 'Approve and run' }).click();
      await waitForText(operate(page).getByRole('status', { name: 'Your decision' }), /Ran \d{3}/);
      found['approval-outcome'] = await findings(page);
      await screenshot(page, 'a11y-approval-outcome-desktop');

      // the audit trail per action, one of them opened onto its entries
      await page.goto(`${URLS.shell}/p/interaction/audit`);
      const action = operate(page)
        .getByRole('table', { name: 'Audit actions' })
        .getByRole('row')
        .filter({ hasText: /Requested by demo-operator → Approved by demo-operator-2 → Ran/ })
        .first();
      await action.waitFor();
      await action.locator('button[aria-expanded]').click();
      await operate(page)
        .getByRole('table', { name: /^Entries of / })
        .waitFor();
      found['audit-grouped'] = await findings(page);
      await screenshot(page, 'a11y-audit-grouped-desktop');

      // an operation run, and the strip that follows the service's checks after it
      await page.goto(`${URLS.shell}/p/interaction/services/orders/operations/restart`);
      await operate(page).getByRole('region', { name: 'Live health' }).waitFor();
      await operate(page).getByRole('button', { name: 'Run…' }).click();
      await page
        .getByRole('dialog', { name: /Restart/ })
        .getByRole('button', { name: 'Run Restart' })
        .click();
      const after = operate(page).getByRole('region', { name: 'After the run' });
      await waitForText(after.getByRole('status'), /left/);
      found['operation-after-run'] = await findings(page);
      await screenshot(page, 'a11y-operation-after-run-desktop');

      expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
    } finally {
      await context.close();
    }
  });
});
