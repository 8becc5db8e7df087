import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { IncidentList, type Incident } from '@aether/contract';
import { alertsHandlers, servicesHandlers, slosHandlers } from '@aether/contract/msw';
import { FIXTURE_NOW, makeService, makeServices } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { renderPanel } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

// Service 0 has flipped between up and down 8 times in ten minutes and is up this moment
const fleet = makeServices(6).map((s, i) =>
  i === 0 ? makeService(0, { name: 'Cart', flapping: true, flapChanges: 8 }) : s,
);
const NOW = Date.parse(FIXTURE_NOW);
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
// four incidents of one flapping run (newest first), and an older one of its own
const incidents: Incident[] = [
  ...[2, 4, 6, 8].map((m, k) => ({
    id: `flap-${k}`,
    serviceId: 'svc-00000',
    checkId: 'health',
    status: 'down' as const,
    startedAt: at(m),
    endedAt: at(m - 1),
    durationMs: 60_000,
    cause: 'status: expected one of [200], got 503',
    flapGroup: 'flap-3',
  })),
  {
    id: 'old',
    serviceId: 'svc-00000',
    checkId: 'health',
    status: 'degraded',
    startedAt: at(600),
    endedAt: at(590),
    durationMs: 600_000,
    cause: 'maxLatency: expected ≤ 500ms, got 740ms',
  },
];

beforeEach(() => {
  server.use(
    http.get(`${GATEWAY}/api/services/svc-00000/incidents`, () =>
      HttpResponse.json(IncidentList.parse(incidents)),
    ),
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...alertsHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...slosHandlers({ baseUrl: GATEWAY, services: fleet }),
  );
});

const rowOf = (name: string) => screen.getByRole('listitem', { name: new RegExp(`^${name},`) });

describe('a flapping service', () => {
  it('shows as its own state in the list: "Flapping · ×8", now up, never "up for 0 s"', async () => {
    renderPanel();
    await waitFor(() => expect(rowOf('Cart')).toBeInTheDocument());
    const row = rowOf('Cart');
    expect(row).toHaveAccessibleName(/^Cart, Flapping · ×8, now Up, /);
    expect(within(row).getByText('Flapping · ×8')).toBeInTheDocument();
    expect(within(row).getByText('now up')).toBeInTheDocument();
    expect(row).not.toHaveTextContent(/for \d/);
    // the others read as before
    expect(rowOf('Service 1')).toHaveAccessibleName(/^Service 1, Up, /);
  });

  it('shows as flapping on its page, with the incidents of the run as one row with their count', async () => {
    renderPanel({ path: '/services/svc-00000' });
    await screen.findByRole('heading', { level: 2, name: 'Cart' });
    expect(screen.getAllByText('Flapping · ×8')[0]).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Incidents' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Flapping · ×4: status: expected one of [200], got 503');
    expect(rows[0]).toHaveTextContent('4 incidents');
    expect(rows[1]).toHaveTextContent('maxLatency: expected ≤ 500ms, got 740ms');
  });
});
