import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { AuditPage, OperationList, type AuditEntry } from '@aether/contract';
import { chainAuditEntry, makeOperation, makeServices } from '@aether/contract/fixtures';
import { fleetHandlers, GATEWAY, server } from '../../../testing/server';
import { OPERATOR, renderPanel, VIEWER } from '../../../testing/render-panel';
import { expectOpensDeclaredPage } from '../../../testing/declared-page';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeServices(3);
const operations = [
  makeOperation('svc-00001', 'flush-cache', {
    title: 'Flush cache',
    method: 'POST',
    path: '/admin/cache/flush',
  }),
  makeOperation('svc-00001', 'restart', {
    title: 'Restart workers',
    method: 'POST',
    path: '/admin/restart',
  }),
];
const ran: AuditEntry = chainAuditEntry(undefined, {
  at: new Date(Date.now() - 5 * 60_000).toISOString(),
  actor: 'bob',
  role: 'operator',
  action: 'invoke',
  serviceId: 'svc-00001',
  operationId: 'flush-cache',
  params: {},
  outcome: 'ok',
  httpStatus: 202,
  durationMs: 41,
  reason: null,
  approvalId: 'apr-1',
});

beforeEach(() => {
  server.use(
    ...fleetHandlers(fleet),
    http.get(`${GATEWAY}/api/services/svc-00001/operations`, () =>
      HttpResponse.json(OperationList.parse(operations)),
    ),
    http.get(`${GATEWAY}/api/audit`, ({ request }) =>
      new URL(request.url).searchParams.get('service') === 'svc-00001'
        ? HttpResponse.json(AuditPage.parse({ entries: [ran], nextBefore: null }))
        : HttpResponse.json({ entries: [], nextBefore: null }),
    ),
  );
});

describe('operations rail', () => {
  it('lists the service’s operations with each one’s last run: outcome, who, when', async () => {
    renderPanel({ path: '/services/svc-00001', user: OPERATOR });
    const rail = await screen.findByRole('list', { name: 'Operations and their last run' });
    const [flush, restart] = within(rail).getAllByRole('listitem');
    expect(flush).toHaveTextContent('Flush cache');
    expect(await within(flush!).findByText(/^Ran 202/)).toHaveTextContent(
      /Ran 202 · by bob 5 min ago/,
    );
    expect(restart).toHaveTextContent('Restart workers');
    expect(restart).toHaveTextContent('Not run lately');
  });

  it('links each operation to the page that runs it, its dry run shown first', async () => {
    const { navigation } = renderPanel({ path: '/services/svc-00001', user: OPERATOR });
    const rail = await screen.findByRole('list', { name: 'Operations and their last run' });
    const link = await within(rail).findByRole('link', { name: 'Restart workers' });
    await expectOpensDeclaredPage(
      link,
      '/p/interaction/services/svc-00001/operations/restart?dryRun=1',
      navigation,
    );
  });

  it('shows viewers the operations without the runs they may not read', async () => {
    renderPanel({ path: '/services/svc-00001', user: VIEWER });
    const rail = await screen.findByRole('list', { name: 'Operations and their last run' });
    expect(within(rail).getAllByRole('listitem')[0]).toHaveTextContent(
      'Runs are shown to operators',
    );
  });

  it('is absent for a service without operations', async () => {
    renderPanel({ path: '/services/svc-00002', user: OPERATOR });
    await screen.findByRole('heading', { level: 2, name: 'Service 2' });
    await screen.findByRole('heading', { name: 'Incidents' });
    expect(screen.queryByRole('heading', { name: 'Operations' })).toBeNull();
  });
});
