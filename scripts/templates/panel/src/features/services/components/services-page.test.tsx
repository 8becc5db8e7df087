import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { servicesHandlers, servicesProblemHandlers } from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { renderPanel } from '../../../testing/render-panel';

describe('services page', () => {
  it('lists every service the gateway answers, with its status', async () => {
    const fleet = makeServices(3);
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet }));
    renderPanel();
    const list = await screen.findByRole('list', { name: 'Services' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(fleet.map((s) => expect.stringContaining(s.name)));
  });

  it('says what failed and offers a retry when the gateway refuses', async () => {
    server.use(...servicesProblemHandlers(500, { baseUrl: GATEWAY }));
    const { user } = renderPanel();
    expect(await screen.findByRole('alert')).toHaveTextContent('could not be loaded');
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: makeServices(1) }));
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('list', { name: 'Services' })).toBeInTheDocument();
  });
});
