import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { alertsHandlers, servicesHandlers, slosHandlers } from '@aether/contract/msw';
import { makeOutageFleet } from '@aether/contract/fixtures';
import { GATEWAY, server } from '../../../testing/server';
import { manualFrames, renderPanel } from '../../../testing/render-panel';

const fleet = makeOutageFleet();
beforeEach(() => {
  server.use(
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...alertsHandlers({ baseUrl: GATEWAY, services: fleet }),
    ...slosHandlers({ baseUrl: GATEWAY, services: fleet }),
  );
});

const rowOf = (name: string) => screen.getByRole('listitem', { name: new RegExp(`^${name},`) });

describe('rows of services down because of a dependency', () => {
  it.each([
    ['Orders', 'Database'],
    ['Payments', 'Database'],
    ['Worker', 'Queue'],
  ])('%s says it is caused by %s, in its text and its accessible name', async (name, root) => {
    renderPanel();
    await waitFor(() => expect(rowOf(name)).toBeInTheDocument());
    expect(rowOf(name)).toHaveAccessibleName(new RegExp(`^${name}, \\w+, caused by ${root}, `));
    expect(within(rowOf(name)).getByRole('link', { name: root })).toBeInTheDocument();
  });

  it.each(['Database', 'Mailer', 'Cache'])(
    '%s, the root or failing alone or up, names no cause',
    async (name) => {
      renderPanel();
      await waitFor(() => expect(rowOf(name)).toBeInTheDocument());
      expect(rowOf(name)).not.toHaveAccessibleName(/caused by/);
    },
  );

  it('opens the root cause from the link, not the row around it, by mouse and by keyboard', async () => {
    const { navigation } = renderPanel();
    await waitFor(() => expect(rowOf('Auth')).toBeInTheDocument());
    await userEvent.click(within(rowOf('Auth')).getByRole('link', { name: 'Database' }));
    expect(navigation.path).toBe('/services/db');

    navigation.navigate('/');
    await waitFor(() => expect(rowOf('Auth')).toBeInTheDocument());
    const link = within(rowOf('Auth')).getByRole('link', { name: 'Database' });
    link.focus();
    await userEvent.keyboard('{Enter}');
    expect(navigation.path).toBe('/services/db');
  });

  it('names the new root when a status event brings one', async () => {
    const frames = manualFrames();
    const { events } = renderPanel({ schedule: frames.schedule });
    await waitFor(() => expect(rowOf('Worker')).toBeInTheDocument());
    const worker = fleet.find((s) => s.id === 'worker')!;
    events.emit({
      id: null,
      type: 'status',
      data: {
        serviceId: 'worker',
        checkId: 'health',
        status: 'down',
        previous: 'down',
        since: worker.since!,
        service: { ...worker, rootCause: { serviceId: 'db', checkId: 'tcp' } },
      },
    });
    frames.flush();
    await waitFor(() => expect(rowOf('Worker')).toHaveAccessibleName(/caused by Database/));
  });
});
