import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { servicesHandlers, servicesProblemHandlers } from '@aether/contract/msw';
import { makeResult, makeServices } from '@aether/contract/fixtures';
import { fleetHandlers, GATEWAY, requests, server } from '../../../testing/server';
import { historyAnswer, unprobed } from '../../../testing/history-answer';
import { charts } from '../../../testing/fake-uplot';
import { renderPanel, VIEWER } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeServices(12);
beforeEach(() => {
  charts.length = 0;
  server.use(...fleetHandlers(fleet));
});

const historySteps = () =>
  requests
    .filter((u) => u.pathname === '/api/services/svc-00007/history')
    .map((u) => u.searchParams.get('step'));

describe('service detail', () => {
  it('shows each check condition by condition, failing ones first and marked, with expected and actual', async () => {
    renderPanel({ path: '/services/svc-00007', user: VIEWER });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Service 7' });
    // focus moves in a passive effect, which may run after the heading is first in the DOM
    await waitFor(() => expect(heading).toHaveFocus());
    const check = screen.getByRole('region', { name: /health · http/ });
    expect(within(check).getByText('Down')).toBeInTheDocument();

    const table = within(check).getByRole('table', { name: 'Conditions of check health' });
    const bodyRows = within(table).getAllByRole('row').slice(1);
    const cells = bodyRows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
    // Fails first, then the latency budget (degrade), in their original order.
    expect(bodyRows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'status',
      'json $.status',
      'maxLatency',
    ]);
    expect(cells[0]).toEqual(['✗ Failed', 'one of [200]', '500']);
    expect(cells[1]).toEqual(['✗ Failed', 'ok', 'failing']);
    expect(cells[2]).toEqual(['! Over budget', '≤ 500ms', '2001ms']);
  });

  it('shows the maintenance window the service is in', async () => {
    const endsAt = new Date(2026, 11, 6, 14, 30).toISOString();
    server.use(
      ...servicesHandlers({
        baseUrl: GATEWAY,
        services: fleet.map((s) =>
          s.id === 'svc-00007'
            ? { ...s, maintenance: { id: 'mw-1', endsAt, reason: 'database upgrade' } }
            : s,
        ),
      }),
    );
    renderPanel({ path: '/services/svc-00007' });
    await screen.findByRole('heading', { level: 2, name: 'Service 7' });
    expect(screen.getByText('Maintenance until 14:30 — database upgrade')).toBeInTheDocument();
  });

  it('shows no maintenance badge outside a window', async () => {
    renderPanel({ path: '/services/svc-00007' });
    await screen.findByRole('heading', { level: 2, name: 'Service 7' });
    expect(screen.queryByText(/Maintenance until/)).not.toBeInTheDocument();
  });

  describe('active alert', () => {
    // makeAlerts: svc-00000 firing, svc-00001 acknowledged, svc-00002 held, svc-00003 resolved
    const note = () => screen.getByRole('status', { name: 'Alert' });

    it("says since when an alert fires, asking for this service's active alerts only", async () => {
      renderPanel({ path: '/services/svc-00000' });
      await waitFor(() => expect(note()).toHaveTextContent(/^Alert firing since \d\d:\d\d$/));
      const asked = requests.find((u) => u.pathname === '/api/alerts')!;
      expect(asked.searchParams.get('service')).toBe('svc-00000');
      expect(asked.searchParams.get('state')).toBe('firing,acknowledged,held,suppressed');
    });

    it('says who acknowledged it and their comment', async () => {
      renderPanel({ path: '/services/svc-00001' });
      await waitFor(() => expect(note()).toHaveTextContent('Alert acknowledged by alice: on it'));
    });

    it('says an alert is held in maintenance', async () => {
      renderPanel({ path: '/services/svc-00002' });
      await waitFor(() => expect(note()).toHaveTextContent('Alert held (maintenance)'));
    });

    it('shows no resolved alert, then follows live alert events of this service only', async () => {
      const { events } = renderPanel({ path: '/services/svc-00003' });
      await screen.findByRole('heading', { level: 2, name: 'Service 3' });
      await waitFor(() => expect(requests.some((u) => u.pathname === '/api/alerts')).toBe(true));
      expect(note()).toBeEmptyDOMElement();

      const service = { id: 'svc-00003', name: 'Service 3', group: fleet[3]!.group, tags: [] };
      const alert = {
        id: 'al-live',
        state: 'suppressed' as const,
        service,
        check: { id: 'health', type: 'http' as const },
        cause: 'status: expected 200, actual 503',
        since: '2026-11-27T12:00:00.000Z',
        rootCause: { serviceId: 'svc-00007', checkId: 'health' },
      };
      events.emit({
        id: null,
        type: 'alert',
        data: { ...alert, id: 'al-other', service: { ...service, id: 'svc-00004' } },
      });
      events.emit({ id: null, type: 'alert', data: alert });
      await waitFor(() =>
        expect(note()).toHaveTextContent('Alert suppressed (caused by svc-00007)'),
      );

      events.emit({
        id: null,
        type: 'alert',
        data: { ...alert, state: 'resolved', resolvedAt: '2026-11-27T12:05:00.000Z' },
      });
      await waitFor(() => expect(note()).toBeEmptyDOMElement());
    });
  });

  it('draws the timing waterfall of the last HTTP probe', async () => {
    renderPanel({ path: '/services/svc-00006' });
    const waterfall = await screen.findByRole('table', { name: 'Timing of the last probe' });
    const phases = within(waterfall)
      .getAllByRole('rowheader')
      .map((h) => h.textContent);
    expect(phases).toEqual([
      'DNS lookup',
      'TCP connect',
      'TLS handshake',
      'Waiting for first byte',
      'Download',
      'Total',
    ]);
    expect(within(waterfall).getByRole('row', { name: /Total/ })).toHaveTextContent('740 ms');
  });

  it('says where the data starts when the range reaches back further than it', async () => {
    // a year asked for, 60 days answered: what the default retention (hour rollups for 60 days) gives
    server.use(
      historyAnswer({
        serviceId: 'svc-00007',
        stepMs: 3 * 86_400_000,
        point: (p, _, { toMs }) => (Date.parse(p.t) < toMs - 60 * 86_400_000 ? unprobed(p) : p),
      }),
    );
    renderPanel({ path: '/services/svc-00007?range=1y' });
    const note = await screen.findByText(/No data before/);
    expect(note).toHaveTextContent(
      /the check is newer than this range, or the gateway no longer keeps older history/,
    );
    expect(note).toHaveTextContent('storage.retention');
  });

  it('adds no such note when the data covers the range', async () => {
    renderPanel({ path: '/services/svc-00007' });
    await screen.findByRole('img', { name: /Range 24h, step 15 min/ });
    expect(screen.queryByText(/No data before/)).not.toBeInTheDocument();
  });

  it.each([
    ['1h', '1m', 60],
    ['7d', '2h', 84],
    ['30d', '6h', 120],
    ['1y', '3d', 122],
  ])('switches history to %s with step %s', async (range, step, points) => {
    const { navigation } = renderPanel({ path: '/services/svc-00007' });
    await screen.findByRole('img', { name: /Range 24h, step 15 min/ });
    expect(historySteps()).toEqual(['15m']);
    await waitFor(() =>
      expect(charts.at(-1)?.series.map((s) => s.label)).toEqual([undefined, 'p50', 'p95', 'p99']),
    );

    await userEvent.click(screen.getByRole('button', { name: range }));

    expect(screen.getByRole('button', { name: range })).toHaveAttribute('aria-pressed', 'true');
    expect(navigation.path).toBe(`/services/svc-00007?range=${range}`);
    await screen.findByRole('img', { name: new RegExp(`Range ${range},`) });
    expect(historySteps()).toEqual(['15m', step]);
    await waitFor(() => expect(charts.at(-1)?.data[0]).toHaveLength(points));
    expect(screen.getByText(`Uptime ${range}`).nextElementSibling?.textContent).toMatch(/%$/);
  });

  it('lists incidents with start, end, duration and cause, the ongoing one first', async () => {
    renderPanel({ path: '/services/svc-00007' });
    const incidents = await screen.findByRole('region', { name: 'Incidents' });
    const items = await within(incidents).findAllByRole('listitem');
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent(/Down.*status: expected one of \[200\], got 500.*ongoing/);
    expect(items[1]).toHaveTextContent(/connect ECONNREFUSED.*→.*4 min · check health/);
  });

  it('updates a check from a live result event without asking again', async () => {
    const { events } = renderPanel({ path: '/services/svc-00007' });
    const check = await screen.findByRole('region', { name: /health · http/ });
    const before = requests.filter((u) => u.pathname === '/api/services/svc-00007').length;
    events.emit({ id: null, type: 'result', data: makeResult('svc-00007', 'health', true) });
    await waitFor(() => expect(within(check).queryByText('✗ Failed')).not.toBeInTheDocument());
    expect(within(check).getAllByText('✓ Passed')).toHaveLength(3);
    expect(requests.filter((u) => u.pathname === '/api/services/svc-00007')).toHaveLength(before);
  });

  it('goes back to the list with its filters', async () => {
    const { navigation } = renderPanel({ path: '/?status=down' });
    await screen.findByRole('list', { name: 'Services' });
    navigation.navigate('/services/svc-00007');
    await userEvent.click(await screen.findByRole('link', { name: '← All services' }));
    expect(navigation.path).toBe('/?status=down');
  });

  it.each([['/services/nope', 'No service “nope”']])(
    'says when %s does not exist',
    async (path, title) => {
      renderPanel({ path });
      expect(await screen.findByRole('heading', { name: title })).toBeInTheDocument();
    },
  );

  it('says when the viewer may not see the service', async () => {
    server.use(...servicesProblemHandlers(403, { baseUrl: GATEWAY }));
    renderPanel({ path: '/services/svc-00001' });
    expect(await screen.findByRole('heading', { name: 'No permission' })).toBeInTheDocument();
  });
});
