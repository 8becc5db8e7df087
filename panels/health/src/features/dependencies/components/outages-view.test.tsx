import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ServiceSummary } from '@aether/contract';
import { servicesHandlers, servicesProblemHandlers } from '@aether/contract/msw';
import { makeLargeFleet, makeOutageFleet, makeService } from '@aether/contract/fixtures';
import { fleetHandlers, GATEWAY, server } from '../../../testing/server';
import { manualFrames, renderPanel } from '../../../testing/render-panel';

const fleet = makeOutageFleet();
beforeEach(() => {
  server.use(
    // the list, and what a service's page asks for when a link opens one
    ...fleetHandlers(fleet),
  );
});

const outage = (root: string) =>
  screen.getByRole('region', { name: new RegExp(`^\\w+ ${root} is the root cause of`) });
const names = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((li) => li.textContent);

function statusEvent(service: ServiceSummary) {
  return {
    id: null,
    type: 'status' as const,
    data: {
      serviceId: service.id,
      checkId: service.checks[0]!.id,
      status: service.status,
      previous: 'down' as const,
      since: '2026-11-27T12:01:00.000Z',
      service,
    },
  };
}

describe('outages page', () => {
  it('groups the outage under its root causes, most dependents first, dependents worst first', async () => {
    renderPanel({ path: '/outages' });
    expect(
      await screen.findByText(
        /^2 root causes behind 5 failing services; 1 service failing on its own\.$/,
      ),
    ).toBeInTheDocument();
    const regions = screen.getAllByRole('region').map((r) => r.getAttribute('aria-labelledby'));
    expect(regions).toEqual(['hp-outage-db', 'hp-outage-queue', 'hp-outage-alone']);

    const db = outage('Database');
    expect(db).toHaveAccessibleName('Down Database is the root cause of 4 dependents');
    expect(db).toHaveTextContent('tcp failing for');
    expect(db).toHaveTextContent('3 down, 1 degraded');
    expect(names(within(db).getByRole('list', { name: 'Dependents of Database' }))).toEqual([
      'Down Auth identity',
      'Down Orders commerce',
      'Down Storefront commerce',
      'Degraded Payments payments',
    ]);
    expect(names(screen.getByRole('list', { name: 'Failing on their own' }))).toEqual([
      'Down Mailer platform',
    ]);
  });

  it('opens the root cause and each dependent on their page', async () => {
    const { navigation } = renderPanel({ path: '/outages' });
    await screen.findByRole('region', { name: /Database is the root cause/ });
    await userEvent.click(within(outage('Database')).getByRole('link', { name: 'Database' }));
    expect(navigation.path).toBe('/services/db');
    await userEvent.click(await screen.findByRole('link', { name: '← All services' }));
    await userEvent.click(
      within(await screen.findByRole('navigation', { name: 'Health pages' })).getByRole('link', {
        name: 'Outages',
      }),
    );
    await userEvent.click(
      within(await screen.findByRole('region', { name: /Queue is the root cause/ })).getByRole(
        'link',
        {
          name: 'Worker',
        },
      ),
    );
    expect(navigation.path).toBe('/services/worker');
  });

  it('follows live status: a recovered dependent leaves its group, a recovered root says so', async () => {
    const frames = manualFrames();
    const { events } = renderPanel({ path: '/outages', schedule: frames.schedule });
    await screen.findByRole('region', { name: /Database is the root cause of 4 dependents/ });
    const byId = new Map(fleet.map((s) => [s.id, s]));
    events.emit(statusEvent({ ...byId.get('web')!, status: 'up', rootCause: null }));
    events.emit(statusEvent({ ...byId.get('db')!, status: 'up' }));
    frames.flush();
    await waitFor(() =>
      expect(outage('Database')).toHaveAccessibleName(
        'Up Database is the root cause of 3 dependents',
      ),
    );
    expect(outage('Database')).toHaveTextContent('Database is up again');
  });

  it('collapses a long list of dependents behind a button', async () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      makeService(100 + i, {
        status: 'down',
        dependsOn: ['db'],
        rootCause: { serviceId: 'db', checkId: 'tcp' },
      }),
    );
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: [...fleet, ...many] }));
    renderPanel({ path: '/outages' });
    const db = await screen.findByRole('region', {
      name: /Database is the root cause of 12 dependents/,
    });
    const list = within(db).getByRole('list', { name: 'Dependents of Database' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(5);
    const more = within(db).getByRole('button', { name: 'Show all 12 dependents' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(more);
    expect(within(list).getAllByRole('listitem')).toHaveLength(12);
    expect(within(db).getByRole('button', { name: 'Show the first 5 dependents' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('groups an outage of 10,000 services, rendering a few dependents of each root until asked', async () => {
    // every down service (1 in 10) but the root svc-00007 is caused by it; degraded ones fail alone
    const large = makeLargeFleet().map((s) =>
      s.status === 'down' && s.id !== 'svc-00007'
        ? { ...s, rootCause: { serviceId: 'svc-00007', checkId: 'health' } }
        : s,
    );
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: large }));
    const frames = manualFrames();
    const { events } = renderPanel({ path: '/outages', schedule: frames.schedule });
    const root = await screen.findByRole('region', {
      name: 'Down Service 7 is the root cause of 999 dependents',
    });
    expect(within(root).getAllByRole('listitem')).toHaveLength(5);
    expect(screen.getByText(/; 1000 services failing on their own\.$/)).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(5 + 20);

    const recovered = { ...large[17]!, status: 'up' as const, rootCause: null };
    events.emit(statusEvent(recovered));
    frames.flush();
    await waitFor(() =>
      expect(outage('Service 7')).toHaveAccessibleName(
        'Down Service 7 is the root cause of 998 dependents',
      ),
    );
  });

  it('says when there is no outage', async () => {
    server.use(
      ...servicesHandlers({
        baseUrl: GATEWAY,
        services: fleet.map((s) => ({ ...s, status: 'up' as const, rootCause: null })),
      }),
    );
    renderPanel({ path: '/outages' });
    expect(
      await screen.findByText('No outage: no service is down or degraded.'),
    ).toBeInTheDocument();
  });

  it('says why services could not be loaded, with a retry', async () => {
    server.use(...servicesProblemHandlers(500, { baseUrl: GATEWAY }));
    renderPanel({ path: '/outages' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Services could not be loaded');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
