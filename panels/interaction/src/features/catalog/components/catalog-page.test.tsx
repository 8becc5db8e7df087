import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { GATEWAY, renderPanel } from '../../../testing/render-panel';

describe('operations catalog', () => {
  it('lists services, then the operations of the chosen one, with what each kind does', async () => {
    const { user, context } = renderPanel({ signedInAs: 'alice-token' });
    expect(screen.getByRole('status', { name: 'Loading services' })).toBeInTheDocument();
    const services = await screen.findByRole('navigation', { name: 'Services' });
    expect(within(services).getAllByRole('link')).toHaveLength(3);
    expect(
      screen.getByText('Choose a service to see the operations you can run on it.'),
    ).toBeInTheDocument();

    await user.click(within(services).getByRole('link', { name: /Service 0/ }));
    expect(context.navigation.path).toBe('/services/svc-00000');
    const list = await screen.findByRole('list', { name: 'Operations on Service 0' });
    const flush = within(list).getByRole('link', { name: /Flush cache/ });
    expect(flush).toHaveTextContent('Changes state');
    expect(flush).toHaveTextContent('Four eyes');
    expect(within(list).getByRole('link', { name: /Show configuration/ })).toHaveTextContent(
      'Read-only',
    );
  });

  it('searches services and operations with one box', async () => {
    const { user } = renderPanel({ signedInAs: 'alice-token', path: '/services/svc-00000' });
    const list = await screen.findByRole('list', { name: 'Operations on Service 0' });
    expect(within(list).getAllByRole('link')).toHaveLength(4);

    await user.type(screen.getByLabelText('Search services and operations'), 'restart');
    expect(
      within(list)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual([expect.stringContaining('Restart workers')]);
    // The chosen service stays in view even when its name does not match.
    expect(
      within(screen.getByRole('navigation', { name: 'Services' })).getAllByRole('link'),
    ).toHaveLength(1);

    await user.clear(screen.getByLabelText('Search services and operations'));
    await user.type(screen.getByLabelText('Search services and operations'), 'nothing-like-this');
    expect(screen.getByText('No operation matches “nothing-like-this”.')).toBeInTheDocument();
  });

  it('says so when a service allows no operations', async () => {
    renderPanel({ signedInAs: 'alice-token', path: '/services/svc-00002' });
    expect(await screen.findByText(/This service allows no operations/)).toBeInTheDocument();
  });

  it('asks anonymous callers to sign in when the gateway allows no anonymous viewers', async () => {
    const { user } = renderPanel({ anonymous: null });
    expect(await screen.findByText('Viewer role required — sign in')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(screen.getByLabelText('Access token'), 'val-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: /Service 0/ })).toBeInTheDocument();
  });

  it('shows a calm error with the problem detail when the gateway fails, and retries', async () => {
    const failing = http.get(
      `${GATEWAY}/api/services`,
      () =>
        HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Storage unavailable',
            status: 503,
            detail: 'SQLite is locked',
          },
          { status: 503 },
        ),
      { once: true },
    );
    const { user } = renderPanel({ signedInAs: 'alice-token', handlers: [failing] });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Services could not be loaded: Storage unavailable (503)');
    expect(alert).toHaveTextContent('SQLite is locked');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: /Service 0/ })).toBeInTheDocument();
  });
});
