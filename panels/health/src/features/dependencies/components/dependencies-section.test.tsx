import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { alertsHandlers, servicesHandlers, slosHandlers } from '@aether/contract/msw';
import { makeOutageFleet, makeServices } from '@aether/contract/fixtures';
import { GATEWAY, holdServiceList, server } from '../../../testing/server';
import { manualFrames, renderPanel } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeOutageFleet();
function serve(services = fleet) {
  server.use(
    ...servicesHandlers({ baseUrl: GATEWAY, services }),
    ...alertsHandlers({ baseUrl: GATEWAY, services }),
    ...slosHandlers({ baseUrl: GATEWAY, services }),
  );
}
beforeEach(() => serve());

const section = () => screen.getByRole('region', { name: 'Dependencies' });
const items = (name: string) =>
  within(within(section()).getByRole('list', { name }))
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('dependencies of a service', () => {
  it('lists what it needs, transitively, and what needs it, each with its status and how it is reached', async () => {
    renderPanel({ path: '/services/orders' });
    // the page may show before the fleet it reads the graph from is here
    await screen.findByRole('heading', { name: 'Needs (3)' });
    expect(items('Needs')).toEqual([
      'Down Auth direct',
      'Degraded Payments direct',
      'Down Database via Auth',
    ]);
    expect(items('Needed by')).toEqual(['Down Storefront direct']);
  });

  it('names the root cause of its trouble, linking to it', async () => {
    const { navigation } = renderPanel({ path: '/services/web' });
    const note = await screen.findByText(/^Caused by/);
    expect(note).toHaveTextContent(
      'Caused by Database: its check tcp fails, and this service needs it.',
    );
    await userEvent.click(within(note).getByRole('link', { name: 'Database' }));
    expect(navigation.path).toBe('/services/db');
  });

  it('opens a dependency with the keyboard', async () => {
    const { navigation } = renderPanel({ path: '/services/search' });
    // the page lands focus on its heading first (a passive effect, which may run after the section shows)
    const heading = await screen.findByRole('heading', { level: 2, name: 'Search' });
    await waitFor(() => expect(heading).toHaveFocus());
    const cache = await within(section()).findByRole('link', { name: 'Cache' });
    cache.focus();
    await userEvent.keyboard('{Enter}');
    expect(navigation.path).toBe('/services/cache');
  });

  it('follows live status of the services it lists', async () => {
    const frames = manualFrames();
    const { events } = renderPanel({ path: '/services/orders', schedule: frames.schedule });
    await screen.findByRole('heading', { name: 'Needs (3)' });
    const auth = { ...fleet.find((s) => s.id === 'auth')!, status: 'up' as const, rootCause: null };
    events.emit({
      id: null,
      type: 'status',
      data: {
        serviceId: 'auth',
        checkId: 'health',
        status: 'up',
        previous: 'down',
        since: '2026-11-27T12:01:00.000Z',
        service: auth,
      },
    });
    frames.flush();
    await waitFor(() => expect(items('Needs')[0]).toBe('Up Auth direct'));
  });

  it('says what a service with no dependencies needs and what needs it', async () => {
    renderPanel({ path: '/services/mailer' });
    await waitFor(() => expect(section()).toHaveTextContent('Needs no other service.'));
    expect(section()).toHaveTextContent('No service needs it.');
  });

  it('waits for the fleet before saying anything about the graph', async () => {
    const release = holdServiceList();
    renderPanel({ path: '/services/orders' });
    await within(await screen.findByRole('region', { name: 'Dependencies' })).findByRole('status', {
      name: 'Loading dependencies',
    });
    expect(section()).not.toHaveTextContent(/does not report/);
    release();
    await screen.findByRole('heading', { name: 'Needs (3)' });
  });

  it('says so when the gateway reports no dependsOn', async () => {
    // an older gateway: service objects without the field
    const plain = makeServices(12).map((s) => {
      const copy = { ...s };
      delete copy.dependsOn;
      return copy;
    });
    serve(plain);
    renderPanel({ path: '/services/svc-00001' });
    await waitFor(() =>
      expect(section()).toHaveTextContent('This gateway does not report what services depend on'),
    );
  });
});
