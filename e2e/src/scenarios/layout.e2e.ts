import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, VIEWPORTS } from '../lib/browser.js';
import { recordDeployFinish, recordDeployStart } from '../lib/deploy-record.js';
import { horizontalOverflow, LAPTOP, overflowingElements, viewportBox } from '../lib/layout.js';
import { invokeConfirmed, serviceStatus, verifyNow } from '../lib/operation-calls.js';
import { readRunningConfig } from '../lib/running-config.js';
import { stackPerFile } from '../lib/scenario.js';
import { openShell, signIn, waitForPanelState } from '../lib/shell-page.js';
import { gatewayApi, setSampleMode, TOKENS, URLS, type SampleName } from '../lib/stack.js';

/**
 * The first screen an on-call engineer sees (issue 18): a Down service is on it wherever its group
 * sorts, the list uses the window's height, and no page scrolls sideways on a phone.
 */
const env = stackPerFile();

interface ServiceEntry {
  id: string;
  group: string;
}

/** A service of the alphabetically last group that the sample fleet can break. */
let lastGroupService: ServiceEntry;

beforeAll(async () => {
  const services = (await (
    await gatewayApi('GET', '/api/services', TOKENS.operator)
  ).json()) as ServiceEntry[];
  const lastGroup = [...new Set(services.map((s) => s.group))].sort().at(-1)!;
  const breakable = services.filter(
    (s) =>
      s.group === lastGroup &&
      ['orders', 'cart', 'auth', 'payments', 'search', 'db'].includes(s.id),
  );
  if (breakable.length === 0) throw new Error(`no sample service in the last group ${lastGroup}`);
  lastGroupService = breakable[0]!;
});

afterAll(async () => {
  await setSampleMode(lastGroupService.id as SampleName, 'ok').catch(() => undefined);
});

describe('the first screen at 1440×900', () => {
  it('shows a Down service of the alphabetically last group without scrolling, pinned above every healthy row', async () => {
    const { id, group } = lastGroupService;
    const { failAfter } = (await readRunningConfig()).check(id, 'health');
    const { context, page } = await openShell(env.browser, '/p/health', LAPTOP);
    try {
      const health = await waitForPanelState(page, 'health', 'ready');
      await health.locator(`[data-service-id="${id}"][data-status="up"]`).first().waitFor();

      // break it and run its checks failAfter times now, instead of waiting failAfter intervals
      await setSampleMode(id as SampleName, 'fail');
      for (let i = 0; i < failAfter; i++) await verifyNow([id]);
      await expect.poll(() => serviceStatus(id), { timeout: 15_000 }).toBe('down');
      const row = health.locator(`[data-service-id="${id}"][data-status="down"]`).first();
      await row.waitFor();

      const box = await viewportBox(page, row);
      expect(box, `the ${group} row is on the first screen`).toMatchObject({ inside: true });
      // pinned across groups: above every row that is not failing, whatever its group
      const healthyTops = await health
        .locator('[data-service-id][data-status="up"]')
        .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().top));
      expect(healthyTops.length).toBeGreaterThan(0);
      expect(Math.min(...healthyTops)).toBeGreaterThan(box.top);
      await screenshot(page, 'health-list-down-pinned-desktop');
    } finally {
      await setSampleMode(id as SampleName, 'ok');
      await context.close();
    }
  });

  it('gives the list the window’s height, and follows the window when it grows', async () => {
    const { context, page } = await openShell(env.browser, '/p/health', LAPTOP);
    try {
      const health = await waitForPanelState(page, 'health', 'ready');
      const list = health.locator('.hp-list');
      await health.locator('[data-service-id]').first().waitFor();
      /** The list's scrolling box ends near the window's bottom edge (its page padding below). */
      const reachesBottom = async (height: number) => {
        await expect
          .poll(async () => (await viewportBox(page, list)).bottom, { timeout: 5_000 })
          .toBeGreaterThanOrEqual(height - 48);
        const box = await viewportBox(page, list);
        expect(box.bottom).toBeLessThanOrEqual(height);
        return box;
      };
      const box = await reachesBottom(LAPTOP.height);
      expect(box.bottom - box.top, 'more than a fixed 320 px box').toBeGreaterThan(320);
      await screenshot(page, 'health-list-fills-desktop');

      await page.setViewportSize({ width: LAPTOP.width, height: 1200 });
      await reachesBottom(1200);
    } finally {
      await context.close();
    }
  });
});

describe('no sideways scrolling on a phone (390×844)', () => {
  let deployId: string;
  beforeAll(async () => {
    deployId = await recordDeployStart(['orders', 'cart'], `e2e-narrow-${Date.now()}`);
    await recordDeployFinish(deployId, 'succeeded');
    await invokeConfirmed('orders', 'restart'); // an audit action to show
  });

  const VIEWS: { name: string; route: () => string; ready: (page: Page) => Promise<unknown> }[] = [
    {
      name: 'now',
      route: () => '/',
      ready: (page) => page.getByRole('heading', { level: 1, name: 'Now' }).waitFor(),
    },
    {
      name: 'services',
      route: () => '/p/health',
      ready: (page) => page.locator('[data-service-id="orders"]').first().waitFor(),
    },
    {
      name: 'service-detail',
      route: () => '/p/health/services/orders',
      // the chart with this file's deploy marker (whose tip once widened the page) and a check's conditions
      ready: async (page) => {
        await page.getByRole('list', { name: 'Deploys in this range' }).waitFor();
        await page.locator('table.hp-conditions').first().waitFor();
      },
    },
    {
      name: 'deploys',
      route: () => '/p/health/deploys',
      ready: (page) => page.locator('[data-panel-id="health"] tbody tr').first().waitFor(),
    },
    {
      name: 'deploy',
      route: () => `/p/health/deploys/${encodeURIComponent(deployId)}`,
      ready: (page) =>
        page.getByText(/^Verdict (Worse than|Same as|Better than) before$/).waitFor(),
    },
    {
      name: 'operations',
      route: () => '/p/interaction/services/orders',
      ready: (page) => page.getByRole('list', { name: 'Operations on Orders API' }).waitFor(),
    },
    {
      name: 'operation',
      route: () => '/p/interaction/services/orders/operations/restart',
      ready: (page) => page.getByRole('region', { name: 'Live health' }).waitFor(),
    },
    {
      name: 'audit',
      route: () => '/p/interaction/audit',
      ready: (page) => page.getByRole('table', { name: 'Audit actions' }).waitFor(),
    },
  ];

  it('fits every view in the width of the screen', async () => {
    const { context, page } = await openShell(env.browser, '/', VIEWPORTS.mobile);
    try {
      await signIn(page, TOKENS.operator);
      const overflowing: Record<string, string> = {};
      for (const view of VIEWS) {
        await page.goto(`${URLS.shell}${view.route()}`);
        await view.ready(page);
        const extra = await horizontalOverflow(page);
        if (extra > 0)
          overflowing[view.name] =
            `${extra} px too wide: ${(await overflowingElements(page)).join(', ')}`;
        await screenshot(page, `narrow-${view.name}-mobile`);
      }
      expect(overflowing).toEqual({});
    } finally {
      await context.close();
    }
  });
});
