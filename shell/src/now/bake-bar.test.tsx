import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import type { Deploy, DeployComparison, ServiceSummary } from '@aether/contract';
import { deploysHandlers, servicesHandlers } from '@aether/contract/msw';
import {
  makeAuditEntry,
  makeDeployWindow,
  makeOperation,
  makeResult,
  makeRunningDeploy,
  makeService,
} from '@aether/contract/fixtures';
import { server } from '../testing/msw-server';
import { GATEWAY } from '../testing/mock-gateway';
import { fakeFederation } from '../testing/fake-federation';
import { renderShell, stopShells } from '../testing/render-shell';
import { serveShellWithPanels } from '../testing/shell-with-panels';
import { clearLoadedPanels } from '../panels/load-panel';
import { BAKE_MS } from '@aether/panel-kit';

const orders: ServiceSummary = makeService(0, { id: 'orders', name: 'Orders', status: 'up' });
const deploy = (agoMs: number) => makeRunningDeploy(agoMs);
const side = makeDeployWindow;
const rollback = makeOperation('orders', 'rollback', {
  title: 'Roll back',
  mutating: true,
  params: {},
});

let after = side(4, 4, 44);
let comparisonReads = 0;

function setup(d: Deploy, service: ServiceSummary = orders) {
  const gateway = serveShellWithPanels({
    links: {
      health: { deploy: '/deploys/:id' },
      interaction: { operationDryRun: '/services/:id/operations/:operation?dryRun=1' },
    },
  });
  server.use(
    http.get(`${GATEWAY}/api/deploys/:id/comparison`, () => {
      comparisonReads++;
      const answer: DeployComparison = {
        deploy: d,
        verdict: after.good < after.total ? 'worse' : 'same',
        checks: [
          {
            serviceId: 'orders',
            checkId: 'health',
            before: side(30, 30, 41),
            after,
            verdict: 'same',
            comparable: true,
            reasons: [],
          },
        ],
      };
      return Response.json(answer);
    }),
    http.get(`${GATEWAY}/api/operations`, () => Response.json([rollback])),
    ...servicesHandlers({ baseUrl: GATEWAY, services: [service] }),
    ...deploysHandlers({ baseUrl: GATEWAY, services: [service], deploys: [d] }),
  );
  return gateway;
}

beforeEach(() => {
  fakeFederation.reset();
  clearLoadedPanels();
  after = side(4, 4, 44);
  comparisonReads = 0;
});
afterEach(stopShells);

describe('bake bar', () => {
  it('bakes a fresh deploy: time left, failures and the p95 change, then offers the rollback at the first failure', async () => {
    const gateway = setup(deploy(48_000));
    renderShell('/');
    const bar = await screen.findByRole('article', { name: 'Deploy 2.1.0 of orders' });
    // started 48 s ago: 4:12 left, less by the time the first render takes (8 s seen at load 20)
    await waitFor(() =>
      expect(within(bar).getByRole('status')).toHaveTextContent(
        /^Baking orders · 2\.1\.0 · 4:[01]\d left · 0 failures · p95 \+3 ms$/,
      ),
    );
    expect(within(bar).getByRole('link', { name: '2.1.0' })).toHaveAttribute(
      'href',
      '/p/health/deploys/dep-1',
    );
    expect(within(bar).queryByRole('link', { name: /Roll back/ })).toBeNull();

    // results of orders arrive: the bar reads the before/after again (throttled)
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    after = side(6, 5, 61);
    const reads = comparisonReads;
    act(() => gateway.push('result', makeResult('orders', 'health', false)));
    await waitFor(() => expect(comparisonReads).toBe(reads + 1), { timeout: 8_000 });
    await waitFor(() =>
      expect(within(bar).getByRole('status')).toHaveTextContent(
        /^Failing orders · 2\.1\.0 · 1 failure · p95 \+20 ms$/,
      ),
    );
    expect(
      await within(bar).findByRole('link', { name: 'Roll back on orders (dry run first)' }),
    ).toHaveAttribute('href', '/p/interaction/services/orders/operations/rollback?dryRun=1');
  }, 20_000);

  it('says a clean window looks good', async () => {
    setup(deploy(BAKE_MS + 30_000));
    renderShell('/');
    const bar = await screen.findByRole('article', { name: 'Deploy 2.1.0 of orders' });
    await waitFor(() =>
      expect(within(bar).getByRole('status')).toHaveTextContent(
        /^Baked orders · 2\.1\.0 · 0 failures · p95 \+3 ms · looks good$/,
      ),
    );
  });

  // A finished deploy's after-window starts at its finish: right then it holds no result.
  const finished = (outcome: Deploy['outcome']): Deploy => ({
    ...deploy(60_000),
    outcome,
    finishedAt: new Date().toISOString(),
    finishedBy: 'ci-bot',
  });
  it.each([
    ['that finished failed', finished('failed'), orders],
    [
      'whose service is down at its finish',
      finished('succeeded'),
      { ...orders, status: 'down' as const },
    ],
  ])('reads failing at once for a deploy %s, before any result after it', async (_, d, service) => {
    after = side(0, 0, 41);
    setup(d, service);
    renderShell('/');
    const bar = await screen.findByRole('article', { name: 'Deploy 2.1.0 of orders' });
    await waitFor(() =>
      expect(within(bar).getByRole('status')).toHaveTextContent(
        /^Failing orders · 2\.1\.0 · 0 failures/,
      ),
    );
    expect(
      await within(bar).findByRole('link', { name: /Roll back on orders/ }),
    ).toBeInTheDocument();
  });

  it('shows no bar for an old deploy', async () => {
    setup(deploy(60 * 60_000));
    renderShell('/');
    await screen.findByRole('region', { name: 'Recent deploys' });
    expect(screen.queryByRole('region', { name: 'After the latest changes' })).toBeNull();
  });

  it('bakes an operation run too, from its service history around it', async () => {
    const ranAt = Date.now() - 30_000;
    setup(deploy(60 * 60_000));
    const minute = (offset: number, failures: number, p95: number) => ({
      t: new Date(Math.floor(ranAt / 60_000) * 60_000 + offset * 60_000).toISOString(),
      count: 4,
      failures,
      successRatio: (4 - failures) / 4,
      p50: p95,
      p95,
      p99: p95,
      status: failures ? ('down' as const) : ('up' as const),
    });
    server.use(
      http.get(`${GATEWAY}/api/audit`, () =>
        Response.json({
          entries: [makeAuditEntry({ id: 5, at: new Date(ranAt).toISOString() })],
          nextBefore: null,
        }),
      ),
      http.get(`${GATEWAY}/api/services/orders/history`, ({ request }) => {
        const url = new URL(request.url);
        return Response.json({
          serviceId: 'orders',
          checkId: null,
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          stepMs: 60_000,
          uptime: 0.9,
          points: [minute(-2, 0, 40), minute(-1, 0, 41), minute(0, 2, 47)],
          deploys: [],
        });
      }),
    );
    renderShell('/');
    const bar = await screen.findByRole('article', { name: 'restart on orders' });
    await waitFor(() =>
      expect(within(bar).getByRole('status')).toHaveTextContent(
        /^Failing restart on orders · 2 failures · p95 \+6 ms$/,
      ),
    );
    expect(
      await within(bar).findByRole('link', { name: 'Roll back on orders (dry run first)' }),
    ).toBeInTheDocument();
  });
});
