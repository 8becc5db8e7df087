import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { alertsHandlers, servicesHandlers, slosHandlers } from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { renderPanel } from '../../../testing/render-panel';

vi.mock('uplot', () => import('../../../testing/fake-uplot'));

const fleet = makeServices(12);
// The SLO section loads on first visit (React.lazy). Its first import here is transformed on the
// spot, which on a loaded machine outlasts findBy's wait: wait for that import itself first, so the
// first test waits only for the section's answers.
beforeAll(async () => {
  await import('../slos-pages');
}, 60_000);
beforeEach(() => {
  server.use(
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...alertsHandlers({ baseUrl: GATEWAY, services: fleet }),
  );
});

const section = () => screen.getByRole('region', { name: /^SLO/ });
/** Both answers are in: the figures of now (its standing) and the series (its chart), in either order. */
const loaded = (standing: string) =>
  waitFor(() => {
    expect(within(section()).getByText(standing)).toBeInTheDocument();
    expect(within(section()).getByRole('img')).toBeInTheDocument();
  });
const figure = (term: string) =>
  within(section()).getByText(term, { selector: 'dt' }).nextElementSibling!.textContent;

describe('a service’s SLO', () => {
  it('shows objective, SLI, budget left as a share and as time, burn rates and the burn-down', async () => {
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet }));
    renderPanel({ path: '/services/svc-00000' });
    await loaded('Within budget');
    expect(figure('Objective')).toBe('99.9 % over 30d');
    expect(figure('SLI')).toBe('99.99 % (259,180 of 259,200 good)');
    // 99.9 % of 30 d allows 43.2 min of failure; 92.3 % of it is left
    expect(figure('Budget left')).toBe('92.3 % (39 min of 43 min downtime)');
    expect(figure('Runs out')).toBe('In 92 d 6 h at the last day’s burn rate');

    const burn = within(section()).getByRole('table', { name: /Burn rates/ });
    expect(
      within(burn)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(
      within(burn)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0.4×', '0.3×', '0.3×', '0.3×', '0.3×', '0.3×', '0.3×']);
    expect(within(section()).getByRole('img')).toHaveAccessibleName(
      /^Error budget left over the last 30d: 100 % on .+, 92\.3 % on .+, lowest 92\.3 %\.$/,
    );
  });

  it('says a spent budget is spent and which burn-rate alert fires', async () => {
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet }));
    renderPanel({ path: '/services/svc-00003' });
    await loaded('Budget spent');
    expect(figure('Budget left')).toBe(
      'Exhausted · 1.2× used (exactly −15.7 % left; none of 43 min downtime)',
    );
    expect(figure('Runs out')).toBe('Spent');
    expect(within(section()).getByRole('list', { name: 'Burn-rate alerts' })).toHaveTextContent(
      'Page: burning 16× and 19× over 1h/5m (threshold 14.4×)',
    );
  });

  it('takes its figures from the service’s own SLO answer, never fetching the whole fleet’s', async () => {
    const asked: string[] = [];
    const onRequest = ({ request }: { request: Request }) => {
      asked.push(new URL(request.url).pathname);
    };
    server.events.on('request:start', onRequest);
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet }));
    try {
      renderPanel({ path: '/services/svc-00000' });
      await loaded('Within budget');
      expect(figure('Budget left')).toBe('92.3 % (39 min of 43 min downtime)');
      expect(asked).toContain('/api/services/svc-00000/slo');
      expect(asked).not.toContain('/api/slos');
    } finally {
      server.events.removeListener('request:start', onRequest);
    }
  });

  it('explains how to give a service without one an SLO', async () => {
    server.use(...slosHandlers({ baseUrl: GATEWAY, services: fleet }));
    renderPanel({ path: '/services/svc-00001' });
    await waitFor(() => expect(section()).toHaveTextContent(/No SLO for this service/));
  });

  it('says why the SLO could not be loaded and loads it on Retry', async () => {
    let fail = true;
    server.use(
      http.get(`${GATEWAY}/api/services/:id/slo`, () =>
        fail ? HttpResponse.json({ title: 'boom', status: 500 }, { status: 500 }) : undefined,
      ),
      ...slosHandlers({ baseUrl: GATEWAY, services: fleet }),
    );
    renderPanel({ path: '/services/svc-00000' });
    const alert = await within(await screen.findByRole('region', { name: /^SLO/ })).findByRole(
      'alert',
    );
    expect(alert).toHaveTextContent('The SLO could not be loaded');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(figure('Objective')).toBe('99.9 % over 30d'));
  });
});
