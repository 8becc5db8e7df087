import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { OperationList, VerifyResponse, type Identity, type Panel } from '@aether/contract';
import { makeOperation, makeResult } from '@aether/contract/fixtures';
import { server } from '../testing/msw-server';
import { GATEWAY } from '../testing/mock-gateway';
import { fakeFederation } from '../testing/fake-federation';
import { HEALTH, OPERATE, renderShell, stopShells } from '../testing/render-shell';
import { serveShellWithPanels } from '../testing/shell-with-panels';
import { clearLoadedPanels } from '../panels/load-panel';

const OLGA: Identity = { name: 'olga', role: 'operator', authenticated: true };
/** A panel registered from the gateway's config: its version is the word "config". */
const FROM_CONFIG: Panel = { ...OPERATE, version: 'config' };

/** Health declares service pages; Operate (from config) the operation, approvals and window pages. */
function setup(session: Identity, verify: VerifyResponse = { ok: true, results: [] }) {
  const gateway = serveShellWithPanels({
    panels: [HEALTH, FROM_CONFIG],
    session,
    links: {
      health: { service: '/services/:id' },
      interaction: {
        operationDryRun: '/services/:id/operations/:operation?dryRun=1',
        maintenanceWindow: '/maintenance?open=1',
      },
    },
  });
  const verified: unknown[] = [];
  // Added after the mock gateway, so they answer before its own verify.
  server.use(
    http.get(`${GATEWAY}/api/operations`, () =>
      HttpResponse.json(
        OperationList.parse([
          makeOperation('svc-00000', 'flush-cache', { title: 'Flush cache', mutating: true }),
        ]),
      ),
    ),
    http.post(`${GATEWAY}/api/verify`, async ({ request }) => {
      verified.push(await request.json());
      return HttpResponse.json(VerifyResponse.parse(verify));
    }),
  );
  return { gateway, verified };
}

beforeEach(() => {
  fakeFederation.reset();
  clearLoadedPanels();
  localStorage.clear();
});
afterEach(stopShells);

async function openPalette(user: ReturnType<typeof renderShell>['user']) {
  await screen.findByText('Health body');
  await screen.findByText('olga');
  await user.keyboard('{Control>}k{/Control}');
  const dialog = await screen.findByRole('dialog', { name: 'Go to' });
  return { dialog, input: within(dialog).getByRole('combobox') };
}

describe('command palette actions', () => {
  it('verifies a service and shows the verdict where it was asked', async () => {
    const { verified } = setup(OLGA, {
      ok: false,
      results: [makeResult('svc-00000', 'health', false)],
    });
    const { user } = renderShell('/panels');
    const { dialog, input } = await openPalette(user);
    await user.type(input, 'verify service 0');
    const option = await within(dialog).findByRole('option', { name: /^Verify Service 0Action/ });
    await user.click(option);
    expect(await within(dialog).findByRole('status', { name: 'Verdict' })).toHaveTextContent(
      'Service 0 fails: health status (expected one of [200], got 500) · 0 of 1 passed',
    );
    expect(verified).toEqual([{ services: ['svc-00000'] }]);
    expect(screen.getByRole('dialog', { name: 'Go to' })).toBeInTheDocument();
  });

  it('finds "flush" and opens the operation with its dry run', async () => {
    setup(OLGA);
    const { user } = renderShell('/panels');
    const { dialog, input } = await openPalette(user);
    await user.type(input, 'flush');
    await within(dialog).findByRole('option', {
      name: /Open Flush cache on Service 0 with dry run/,
    });
    await user.keyboard('{Enter}');
    expect(`${window.location.pathname}${window.location.search}`).toBe(
      '/p/interaction/services/svc-00000/operations/flush-cache?dryRun=1',
    );
  });

  it('opens the maintenance window form', async () => {
    setup(OLGA);
    const { user } = renderShell('/panels');
    const { dialog, input } = await openPalette(user);
    await user.type(input, 'maintenance');
    await user.click(
      await within(dialog).findByRole('option', { name: /Open maintenance window/ }),
    );
    expect(`${window.location.pathname}${window.location.search}`).toBe(
      '/p/interaction/maintenance?open=1',
    );
  });

  it('never shows a config-declared panel as "vconfig"', async () => {
    setup(OLGA);
    const { user } = renderShell('/panels');
    const { dialog } = await openPalette(user);
    const operate = await within(dialog).findByRole('option', { name: /^Operate/ });
    expect(operate).toHaveTextContent('OperatePanel');
    expect(dialog).not.toHaveTextContent('vconfig');
  });

  it('offers viewers no actions', async () => {
    setup({ name: 'vic', role: 'viewer', authenticated: true });
    const { user } = renderShell('/panels');
    await screen.findByText('Health body');
    await screen.findByText('vic');
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Go to' });
    await within(dialog).findAllByRole('option', { name: /Service · / });
    await user.type(within(dialog).getByRole('combobox'), 'service 0');
    await waitFor(() =>
      expect(
        within(dialog)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).not.toContain(expect.stringMatching(/^Verify/)),
    );
    expect(within(dialog).queryByRole('option', { name: /Verify|dry run/ })).toBeNull();
  });
});
