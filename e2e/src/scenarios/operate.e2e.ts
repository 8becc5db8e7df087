import { describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../lib/browser.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, signIn, waitForPanelState, waitForText } from '../lib/shell-page.js';
import { TOKENS } from '../lib/stack.js';

const env = stackPerFile();

/** From the catalog to one operation of orders, by clicking as a person would. */
async function openOperation(page: Page, title: string): Promise<void> {
  await waitForPanelState(page, 'interaction', 'ready');
  const panel = page.locator('[data-panel-id="interaction"]');
  await panel
    .getByRole('navigation', { name: 'Services' })
    .getByRole('link', { name: /Orders API/ })
    .click();
  await panel
    .getByRole('list', { name: 'Operations on Orders API' })
    .getByRole('link', { name: new RegExp(title) })
    .click();
  await panel.getByRole('form', { name: 'Parameters' }).waitFor();
}

describe('operations in the interaction panel', () => {
  it('an operator dry-runs, confirms and runs a mutating operation, then finds it in the audit trail', async () => {
    const { context, page } = await openShell(env.browser, '/p/interaction');
    try {
      await waitForPanelState(page, 'interaction', 'ready');
      await signIn(page, TOKENS.operator);
      await openOperation(page, 'Restart');
      const panel = page.locator('[data-panel-id="interaction"]');

      await panel.getByRole('button', { name: 'Dry run' }).click();
      const dryRun = panel.getByRole('region', { name: 'Dry run' });
      await waitForText(dryRun, /POST https?:\/\/[^/\s]+\/admin\/restart/);
      // the secret header is shown by reference, never by value
      await waitForText(dryRun, /\$\{ORDERS_ADMIN_TOKEN\}/);
      await screenshot(page, 'operate-dry-run-desktop');

      await panel.getByRole('button', { name: 'Run…' }).click();
      const dialog = page.getByRole('dialog', { name: /Run “Restart” on Orders API\?/ });
      await dialog.waitFor();
      await screenshot(page, 'operate-confirm-desktop');
      await dialog.getByRole('button', { name: 'Run Restart' }).click();
      await dialog.waitFor({ state: 'detached' });

      const result = panel.getByRole('region', { name: 'Result' });
      await waitForText(result, /202/);

      await panel.getByRole('link', { name: 'Audit trail' }).click();
      // one row per action: the confirmation and the run are one "Ran 202"
      const audit = panel.getByRole('table', { name: 'Audit actions' });
      await waitForText(
        audit.getByRole('row').filter({ hasText: 'restart' }).filter({ hasText: 'demo-operator' }),
        /Ran 202/,
      );
      await screenshot(page, 'operate-audit-desktop');
    } finally {
      await context.close();
    }
  });

  it('four eyes: one operator requests, a second approves in another browser, the first sees it run', async () => {
    const first = await openShell(env.browser, '/p/interaction');
    const second = await openShell(env.browser, '/p/interaction/approvals');
    try {
      await waitForPanelState(first.page, 'interaction', 'ready');
      await signIn(first.page, TOKENS.operator);
      await waitForPanelState(second.page, 'interaction', 'ready');
      await signIn(second.page, TOKENS.operator2);

      await openOperation(first.page, 'Flush cache');
      const panel = first.page.locator('[data-panel-id="interaction"]');
      await panel.getByLabel(/region/i).selectOption('eu');
      await panel.getByRole('button', { name: 'Run…' }).click();
      const dialog = first.page.getByRole('dialog', { name: /Flush cache/ });
      await dialog.getByRole('button', { name: 'Confirm and request approval' }).click();
      const waiting = panel.getByRole('region', { name: 'Waiting for approval' });
      await waiting.waitFor();
      await screenshot(first.page, 'operate-pending-approval-desktop');

      // the second operator's inbox updates live; the requester cannot approve their own request
      const inbox = second.page
        .locator('[data-panel-id="interaction"]')
        .getByRole('list', { name: 'Pending requests' });
      const request = inbox
        .getByRole('article')
        .filter({ hasText: 'Flush cache' })
        .filter({ hasText: 'demo-operator' });
      await request.waitFor();
      await screenshot(second.page, 'operate-approvals-desktop');
      // the second step shows the exact request again, secrets by reference, before it runs
      await request.getByRole('button', { name: 'Approve…' }).click();
      const approve = second.page.getByRole('dialog', { name: /Approve “Flush cache”/ });
      await waitForText(approve, /\$\{ORDERS_ADMIN_TOKEN\}/);
      await screenshot(second.page, 'operate-approve-second-step-desktop');
      await approve.getByRole('button', { name: 'Approve and run' }).click();
      // and the approver sees what it did
      await waitForText(
        second.page
          .locator('[data-panel-id="interaction"]')
          .getByRole('status', { name: 'Your decision' }),
        /Ran \d{3}/,
      );

      // the first operator's page follows by itself (no reload): approved by the second operator
      await waitForText(
        panel.getByRole('status').filter({ hasText: 'Approved' }),
        /demo-operator-2/,
      );
      await screenshot(first.page, 'operate-approved-desktop');
      // and the run is on the record: requested by one, approved and run for the other
      await panel.getByRole('link', { name: 'Audit trail' }).click();
      // one row: "Requested by demo-operator → Approved by demo-operator-2 → Ran 200"
      const audit = panel.getByRole('table', { name: 'Audit actions' });
      const action = audit
        .getByRole('row')
        .filter({ hasText: 'flush-cache' })
        .filter({ hasText: 'Approved by demo-operator-2' })
        .first();
      await waitForText(
        action,
        /Requested by demo-operator → Approved by demo-operator-2 → Ran \d{3}/,
      );
      await screenshot(first.page, 'operate-audit-grouped-desktop');
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  it('a viewer sees the operations read-only, with the reason, and cannot run them', async () => {
    const { context, page } = await openShell(env.browser, '/p/interaction');
    try {
      await openOperation(page, 'Restart');
      const panel = page.locator('[data-panel-id="interaction"]');
      await panel
        .getByRole('note')
        .filter({ hasText: /operator/i })
        .waitFor();
      await panel.getByRole('button', { name: 'Dry run' }).waitFor({ state: 'detached' });
      const run = panel.getByRole('button', { name: 'Run…' });
      if (!(await run.isDisabled())) throw new Error('Run… is enabled for a viewer');
      await screenshot(page, 'operate-viewer-desktop');
    } finally {
      await context.close();
    }
  });
});
