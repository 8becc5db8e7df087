import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http } from 'msw';
import {
  alertsHandlers,
  servicesHandlers,
  servicesProblemHandlers,
  servicesUnreachableHandlers,
} from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, server, requests } from '../../../testing/server';
import { renderPanel, VIEWER } from '../../../testing/render-panel';

const fleet = makeServices(20);
const useFleet = (services = fleet) =>
  server.use(...servicesHandlers({ baseUrl: GATEWAY, services }));

const rows = () =>
  within(screen.getByRole('list', { name: 'Services' }))
    .queryAllByRole('listitem')
    .filter((r) => r.dataset.serviceId);
const rowIds = () => rows().map((r) => r.dataset.serviceId);

describe('services list: states', () => {
  it('shows skeletons while loading', async () => {
    server.use(
      http.get(`${GATEWAY}/api/services`, () => delay('infinite')),
      http.get(`${GATEWAY}/api/summary`, () => delay('infinite')),
    );
    renderPanel();
    expect(await screen.findByRole('status', { name: 'Loading services' })).toHaveAttribute(
      'aria-busy',
      'true',
    );
  });

  it('explains how to add a service when none is configured', async () => {
    useFleet([]);
    renderPanel();
    expect(await screen.findByRole('heading', { name: 'No services yet' })).toBeInTheDocument();
    expect(
      screen.getAllByText(/aether\.config\.yaml/, { selector: 'code' }).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/services:/, { selector: 'pre' })).toBeInTheDocument();
  });

  it.each([
    [401, /needs you to sign in/],
    [403, /role may not view services/],
  ])('says there is no permission on %i', async (status, detail) => {
    server.use(...servicesProblemHandlers(status, { baseUrl: GATEWAY }));
    renderPanel();
    expect(await screen.findByRole('heading', { name: 'No permission' })).toBeInTheDocument();
    expect(screen.getByText(detail)).toBeInTheDocument();
  });

  it('says the gateway is unreachable and recovers on Retry', async () => {
    server.use(...servicesUnreachableHandlers({ baseUrl: GATEWAY }));
    renderPanel();
    expect(await screen.findByRole('heading', { name: 'Gateway unreachable' })).toBeInTheDocument();

    server.resetHandlers();
    useFleet();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('list', { name: 'Services' })).toBeInTheDocument();
  });

  it('keeps the data when the connection drops, marked stale with its age', async () => {
    useFleet();
    const { events } = renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    expect(screen.queryByText('Stale data')).not.toBeInTheDocument();

    events.emit({
      id: '1',
      type: 'snapshot',
      data: { services: fleet, at: '2026-11-27T12:00:00.000Z' },
    });
    events.setConnection('offline');

    const banner = await screen.findByText('Stale data');
    expect(banner.parentElement).toHaveTextContent(/gateway is unreachable; last update \d+ s ago/);
    expect(rows().length).toBeGreaterThan(0);

    events.setConnection('live');
    await waitFor(() => expect(screen.queryByText('Stale data')).not.toBeInTheDocument());
  });
});

describe('services list: what it shows', () => {
  it('summarises the fleet and groups services with status as icon and text', async () => {
    useFleet();
    renderPanel();
    const summary = await screen.findByRole('status', { name: 'Fleet summary' });
    expect(summary).toHaveTextContent('14 up');
    expect(summary).toHaveTextContent('2 degraded');
    expect(summary).toHaveTextContent('2 down');
    expect(summary).toHaveTextContent('2 unknown');
    expect(summary).toHaveTextContent(/Last result/);

    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Needs attention',
      'commerce',
      'identity',
      'payments',
      'platform',
      'search',
    ]);
    const down = rows().find((r) => r.dataset.serviceId === 'svc-00007')!;
    expect(down).toHaveAccessibleName(/Service 7, Down/);
    expect(within(down).getByText('Down')).toBeInTheDocument();
    expect(within(down).getByRole('img', { name: /24 hour uptime 99\.90 %/ })).toBeInTheDocument();
  });

  it('fills the 90-segment uptime bar from the 24 h history of visible rows', async () => {
    useFleet();
    renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    await waitFor(
      () =>
        expect(
          rows()[0]!.querySelectorAll('.hp-uptime__seg:not(.hp-uptime__seg--pending)'),
        ).toHaveLength(90),
      { timeout: 3000 },
    );
    const asked = requests.filter((u) => u.pathname.endsWith('/history'));
    expect(asked[0]?.searchParams.get('step')).toBe('16m');
  });
  it('marks a service in maintenance with until when and why', async () => {
    const endsAt = new Date(2026, 11, 6, 14, 30).toISOString();
    useFleet(
      fleet.map((s) =>
        s.id === 'svc-00000'
          ? { ...s, maintenance: { id: 'mw-1', endsAt, reason: 'database upgrade' } }
          : s,
      ),
    );
    renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    const row = rows().find((r) => r.dataset.serviceId === 'svc-00000')!;
    expect(within(row).getByText('Maintenance until 14:30 — database upgrade')).toBeInTheDocument();
    expect(row).toHaveAccessibleName(/Maintenance until 14:30 — database upgrade/);
    const other = rows().find((r) => r.dataset.serviceId === 'svc-00005')!;
    expect(within(other).queryByText(/Maintenance until/)).not.toBeInTheDocument();
  });
});

describe('services list: filter, search, sort and the URL', () => {
  it('filters by status and writes it to the URL', async () => {
    useFleet();
    const { navigation } = renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'down');
    expect(rowIds()).toEqual(['svc-00007', 'svc-00017']);
    expect(navigation.path).toBe('/?status=down');
    expect(screen.getByText('2 of 20 services')).toBeInTheDocument();
  });

  it('filters to the services in maintenance, follows live changes and writes it to the URL', async () => {
    const window = {
      id: 'mw-1',
      endsAt: new Date(2026, 11, 6, 14, 30).toISOString(),
      reason: 'patching',
    };
    useFleet(fleet.map((s) => (s.id === 'svc-00012' ? { ...s, maintenance: window } : s)));
    const { navigation, events } = renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'In maintenance' }));
    expect(rowIds()).toEqual(['svc-00012']);
    expect(navigation.path).toBe('/?maintenance=1');
    expect(screen.getByText('1 of 20 services')).toBeInTheDocument();

    const entering = { ...fleet.find((s) => s.id === 'svc-00003')!, maintenance: window };
    const { status, since } = entering;
    events.emit({
      id: null,
      type: 'status',
      data: {
        serviceId: entering.id,
        checkId: 'health',
        status,
        previous: status,
        since: since!,
        service: entering,
      },
    });
    await waitFor(() => expect(rowIds().sort()).toEqual(['svc-00003', 'svc-00012']));

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(navigation.path).toBe('/');
  });

  it('filters to the services with a firing alert, asking for alerts only when turned on', async () => {
    useFleet();
    // makeAlerts: svc-00000 firing, svc-00001 acknowledged, svc-00002 held, svc-00003 resolved
    server.use(...alertsHandlers({ baseUrl: GATEWAY, services: fleet }));
    const { navigation, events } = renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    expect(requests.some((u) => u.pathname === '/api/alerts')).toBe(false);

    await userEvent.click(screen.getByRole('checkbox', { name: 'Alerting' }));
    await waitFor(() => expect(rowIds()).toEqual(['svc-00000']));
    expect(navigation.path).toBe('/?alerting=1');
    const asked = requests.filter((u) => u.pathname === '/api/alerts');
    expect(asked.map((u) => u.searchParams.get('state'))).toEqual(['firing']);

    const s5 = fleet[5]!;
    events.emit({
      id: null,
      type: 'alert',
      data: {
        id: 'al-live',
        state: 'firing',
        service: { id: s5.id, name: s5.name, group: s5.group, tags: s5.tags },
        check: { id: 'health', type: 'http' },
        cause: 'status: expected 200, actual 503',
        since: '2026-11-27T12:00:00.000Z',
      },
    });
    await waitFor(() => expect(rowIds().sort()).toEqual(['svc-00000', 'svc-00005']));
  });

  it('searches by text', async () => {
    useFleet();
    const { navigation } = renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'service 1');
    expect(rowIds().sort()).toEqual(
      ['svc-00001', ...Array.from({ length: 10 }, (_, i) => `svc-000${10 + i}`)].sort(),
    );
    expect(navigation.path).toBe('/?q=service+1');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), '9');
    expect(rowIds()).toEqual(['svc-00019']);
  });

  it('sorts by latency within each group', async () => {
    useFleet();
    renderPanel();
    await screen.findByRole('list', { name: 'Services' });
    await userEvent.selectOptions(screen.getByLabelText('Group'), 'commerce');
    await userEvent.selectOptions(screen.getByLabelText('Sort by'), 'latency');
    // commerce: 0, 5, 10, 15 with latencies 20, 25, 30, 35 ms — slowest first.
    expect(rowIds()).toEqual(['svc-00015', 'svc-00010', 'svc-00005', 'svc-00000']);
  });

  it('opens a shared URL with its filters applied', async () => {
    useFleet();
    renderPanel({ path: '/?tag=critical&group=payments&sort=name' });
    await screen.findByRole('list', { name: 'Services' });
    expect(screen.getByLabelText('Tag')).toHaveValue('critical');
    expect(screen.getByLabelText('Sort by')).toHaveValue('name');
    expect(rowIds()).toEqual(['svc-00012']);
  });

  it('moves through the list with the keyboard and opens a service with Enter', async () => {
    useFleet();
    const { navigation } = renderPanel({ user: VIEWER });
    await screen.findByRole('list', { name: 'Services' });
    const first = rows()[0]!;
    expect(first).toHaveAttribute('tabindex', '0');
    first.focus();
    await userEvent.keyboard('{ArrowDown}');
    const second = rows()[1]!;
    expect(second).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(navigation.path).toBe(`/services/${second.dataset.serviceId}`);
  });
});
