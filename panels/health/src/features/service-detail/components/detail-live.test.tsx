import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { Incident, StatusEvent } from '@aether/contract';
import { makeServices } from '@aether/contract/fixtures';
import { fleetHandlers, GATEWAY, requests, server } from '../../../testing/server';
import { historyAnswer } from '../../../testing/history-answer';
import { renderPanel } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeServices(12).map((s) =>
  s.id === 'svc-00007' ? { ...s, status: 'up' as const } : s,
);
const service = fleet.find((s) => s.id === 'svc-00007')!;
// The gateway's stored incidents, as a test changes them.
let stored: Incident[] = [];
let uptime = 1;
let downStep = -1;

beforeEach(() => {
  stored = [];
  uptime = 1;
  downStep = -1;
  // first match wins: the test's own answers before the fixtures'
  server.use(
    http.get(`${GATEWAY}/api/services/:id/incidents`, () => HttpResponse.json(stored)),
    historyAnswer({
      serviceId: 'svc-00007',
      stepMs: 15 * 60_000,
      point: (p, i) => ({ ...p, status: i === downStep ? 'down' : 'up' }),
      fields: () => ({ uptime }),
    }),
    ...fleetHandlers(fleet),
  );
});

const statusEvent = (status: StatusEvent['status'], since: string): StatusEvent => ({
  serviceId: 'svc-00007',
  checkId: 'health',
  status,
  previous: status === 'down' ? 'up' : 'down',
  since,
  service: { ...service, status, since },
});

const historyReads = () =>
  requests.filter((u) => u.pathname === '/api/services/svc-00007/history').length;

describe('service detail, live', () => {
  it('shows the incident a status event opens and its close without a reload', async () => {
    const { events } = renderPanel({ path: '/services/svc-00007' });
    const region = await screen.findByRole('region', { name: 'Incidents' });
    await within(region).findByText('No incidents recorded.');

    const downAt = new Date().toISOString();
    stored = [
      {
        id: 'inc-1',
        serviceId: 'svc-00007',
        checkId: 'health',
        status: 'down',
        startedAt: downAt,
        endedAt: null,
        durationMs: null,
        cause: 'status: expected one of [200], got 503',
      },
    ];
    events.emit({ id: null, type: 'status', data: statusEvent('down', downAt) });
    // at once from the event, then the gateway's own row with its cause
    expect(await within(region).findByText(/ongoing/)).toBeInTheDocument();
    expect(await within(region).findByText(/got 503/, {}, { timeout: 4000 })).toBeInTheDocument();

    const upAt = new Date(Date.parse(downAt) + 90_000).toISOString();
    stored = [{ ...stored[0]!, endedAt: upAt, durationMs: 90_000 }];
    events.emit({ id: null, type: 'status', data: statusEvent('up', upAt) });
    await waitFor(() => expect(within(region).queryByText(/ongoing/)).not.toBeInTheDocument());
    expect(within(region).getAllByRole('listitem')).toHaveLength(1);
    expect(within(region).getByText(/· 1 min · check health/)).toBeInTheDocument();
  });

  it('draws a status band from the history and reads it again when the status changes', async () => {
    downStep = 40;
    uptime = 0.947;
    const { events } = renderPanel({ path: '/services/svc-00007' });
    const band = await screen.findByRole('list', { name: 'Status over this range' });
    const segments = within(band).getAllByRole('listitem');
    expect(segments.map((s) => s.className.replace(/.*--/, ''))).toEqual(['up', 'down', 'up']);
    expect(segments[1]).toHaveTextContent(/^Down .+ → .+/);
    const reads = historyReads();

    downStep = -1;
    uptime = 1;
    events.emit({ id: null, type: 'status', data: statusEvent('down', new Date().toISOString()) });
    await waitFor(() => expect(historyReads()).toBe(reads + 1));
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Status over this range' })).getAllByRole(
          'listitem',
        ),
      ).toHaveLength(1),
    );
  });

  it('shows one uptime per window: the range on screen from the history answer', async () => {
    uptime = 0.947;
    renderPanel({ path: '/services/svc-00007' });
    await screen.findByRole('list', { name: 'Status over this range' });
    expect(screen.getAllByText(/^Uptime 24h$/)).toHaveLength(1);
    expect(screen.queryByText(/Uptime over/)).not.toBeInTheDocument();
    expect(screen.getByText('Uptime 24h').nextElementSibling).toHaveTextContent('94.7 %');
  });
});
