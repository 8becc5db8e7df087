import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { servicesHandlers, slosHandlers } from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, holdServiceList, server } from '../../../testing/server';
import { renderPanel } from '../../../testing/render-panel';

// makeSlos: svc-00000, -03, -06, -09 have an SLO, with 92.3 %, −15.7 %, 30.6 % and 76.9 % left
const fleet = makeServices(12);
beforeEach(() => {
  server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet }));
});

const bodyRows = () =>
  within(screen.getByRole('table', { name: /SLOs/ }))
    .getAllByRole('row')
    .slice(1);

describe('SLOs page', () => {
  it('lists every SLO least budget left first, with its standing in words and a link to the service', async () => {
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet }));
    renderPanel({ path: '/slos' });
    await screen.findByRole('table', { name: 'SLOs, least error budget left first' });
    // names come with the fleet, which may arrive after the SLOs
    await waitFor(() => expect(bodyRows()[0]).toHaveTextContent('Service 3'));
    expect(
      bodyRows().map((r) => [
        within(r).getByRole('rowheader').textContent,
        ...within(r)
          .getAllByRole('cell')
          .slice(0, 2)
          .map((c) => c.textContent),
      ]),
    ).toEqual([
      ['Service 3', 'Budget spent', 'Exhausted · 1.2× used'],
      // burning 3.5× over a day: a ticket
      ['Service 6', 'At risk', '30.6 %'],
      ['Service 9', 'Within budget', '76.9 %'],
      ['Service 0', 'Within budget', '92.3 %'],
    ]);
    expect(
      within(bodyRows()[0]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Budget spent', 'Exhausted · 1.2× used', '99.88 %', '99.9 % / 30d', '16×', '16×']);
    // the exact figure stays at hand
    expect(within(bodyRows()[0]!).getByText('Exhausted · 1.2× used')).toHaveAttribute(
      'title',
      'Budget left: −15.7 %',
    );
  });

  it('names the services when the fleet arrives after the SLOs', async () => {
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet }));
    const release = holdServiceList();
    renderPanel({ path: '/slos' });
    await screen.findByRole('table', { name: 'SLOs, least error budget left first' });
    const first = () => within(bodyRows()[0]!).getByRole('rowheader');
    expect(first()).toHaveTextContent('svc-00003');
    release();
    await waitFor(() => expect(first()).toHaveTextContent('Service 3'));
  });

  it('is reached from the panel nav and opens a service from its row', async () => {
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet }));
    const { navigation } = renderPanel({ path: '/' });
    const nav = await screen.findByRole('navigation', { name: 'Health pages' });
    expect(within(nav).getByRole('link', { name: 'Services' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await userEvent.click(within(nav).getByRole('link', { name: 'SLOs' }));
    expect(navigation.path).toBe('/slos');
    await userEvent.click(await screen.findByRole('link', { name: 'Service 3' }));
    expect(navigation.path).toBe('/services/svc-00003');
  });

  it('explains how to add an SLO when there is none', async () => {
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet, slos: [] }));
    renderPanel({ path: '/slos' });
    expect(await screen.findByText(/No service has an SLO yet/)).toBeInTheDocument();
  });

  it('says why SLOs could not be loaded and loads them on Retry', async () => {
    let fail = true;
    server.use(
      http.get(`${GATEWAY}/api/slos`, () =>
        fail
          ? HttpResponse.json(
              {
                type: 'about:blank',
                title: 'Service Unavailable',
                status: 503,
                detail: 'SLOs are not tracked in this gateway',
              },
              { status: 503, headers: { 'Content-Type': 'application/problem+json' } },
            )
          : undefined,
      ),
      ...slosHandlers({ baseUrl: GATEWAY, services: fleet }),
    );
    renderPanel({ path: '/slos' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('SLOs could not be loaded');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(bodyRows()).toHaveLength(4));
  });

  it('shows a skeleton while SLOs load', async () => {
    server.use(http.get(`${GATEWAY}/api/slos`, () => new Promise<never>(() => {})));
    renderPanel({ path: '/slos' });
    expect(await screen.findByRole('status', { name: 'Loading SLOs' })).toBeInTheDocument();
  });
});
