import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import type { MaintenanceWindow } from '@aether/contract';
import { problem } from '@aether/contract/msw';
import { makeMaintenanceWindows, makeServices } from '@aether/contract/fixtures';
import { GATEWAY, renderPanel } from '../../../testing/render-panel';

// Active "deploy 2.4.0" (service svc-00002), scheduled "database patching" (tag prod), ended "network change".
const windows = () => makeMaintenanceWindows(makeServices(3));

describe('maintenance page', () => {
  it('lists active and scheduled windows, not ended ones', async () => {
    renderPanel({
      signedInAs: 'alice-token',
      path: '/maintenance',
      alerting: { windows: windows() },
    });
    const active = await screen.findByRole('list', { name: 'Active windows' });
    const window = within(active).getByRole('article', { name: 'deploy 2.4.0' });
    expect(window).toHaveTextContent('services svc-00002');
    expect(window).toHaveTextContent('opened by deploy-bot');
    expect(
      within(screen.getByRole('list', { name: 'Scheduled windows' })).getByRole('article'),
    ).toHaveTextContent('database patchingtags prod');
    expect(screen.queryByText('network change')).toBeNull();
  });

  it('puts focus in the form when sent to open a window', async () => {
    renderPanel({ signedInAs: 'alice-token', path: '/maintenance?open=1' });
    const form = await screen.findByRole('form', { name: 'Open a maintenance window' });
    await waitFor(() => expect(within(form).getByLabelText('Services')).toHaveFocus());
  });

  it('opens a window for services and tags with a duration and a reason', async () => {
    const list = windows();
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/maintenance',
      alerting: { windows: list },
    });
    const form = await screen.findByRole('form', { name: 'Open a maintenance window' });
    await user.type(within(form).getByLabelText('Services'), 'svc-00000, svc-00001');
    await user.type(within(form).getByLabelText('Tags'), 'critical');
    await user.clear(within(form).getByLabelText('Duration'));
    await user.type(within(form).getByLabelText('Duration'), '30m');
    await user.type(within(form).getByLabelText('Reason'), 'orders 3.1 rollout');
    await user.click(within(form).getByRole('button', { name: 'Open window' }));
    const opened = await screen.findByRole('article', { name: 'orders 3.1 rollout' });
    expect(opened).toHaveTextContent('services svc-00000, svc-00001 · tags critical');
    expect(opened).toHaveTextContent('opened by alice');
    expect(opened.closest('ul')).toHaveAccessibleName('Active windows');
    expect(list[0]).toMatchObject({
      match: { services: ['svc-00000', 'svc-00001'], tags: ['critical'] },
      reason: 'orders 3.1 rollout',
    });
    expect(within(form).getByLabelText('Reason')).toHaveValue('');
  });

  it('shows the gateway’s 422 detail for a window longer than maxDuration', async () => {
    const { user } = renderPanel({ signedInAs: 'alice-token', path: '/maintenance' });
    const form = await screen.findByRole('form', { name: 'Open a maintenance window' });
    await user.type(within(form).getByLabelText('Groups'), 'commerce');
    await user.clear(within(form).getByLabelText('Duration'));
    await user.type(within(form).getByLabelText('Duration'), '48h');
    await user.type(within(form).getByLabelText('Reason'), 'datacenter move');
    await user.click(within(form).getByRole('button', { name: 'Open window' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'The window was not opened: Window too long (422)a window may last at most 1440 minutes (maintenance.maxDuration)',
    );
    expect(screen.queryByRole('article', { name: 'datacenter move' })).toBeNull();
  });

  it('refuses a window that names nothing before asking the gateway', async () => {
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/maintenance',
      handlers: [
        http.post(`${GATEWAY}/api/maintenance`, () => {
          throw new Error('must not be called');
        }),
      ],
    });
    const form = await screen.findByRole('form', { name: 'Open a maintenance window' });
    await user.type(within(form).getByLabelText('Reason'), 'everything');
    await user.click(within(form).getByRole('button', { name: 'Open window' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Name at least one service, group or tag.',
    );
  });

  it('ends a window after a confirmation; Cancel gives focus back to End now', async () => {
    const list = windows();
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/maintenance',
      alerting: { windows: list },
    });
    const window = await screen.findByRole('article', { name: 'deploy 2.4.0' });
    const opener = within(window).getByRole('button', { name: 'End now' });
    await user.click(opener);
    let dialog = screen.getByRole('dialog', { name: 'End the window “deploy 2.4.0” now?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(opener).toHaveFocus();
    expect(list[0]!.endedBy).toBeUndefined();
    await user.click(opener);
    dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'End window' }));
    expect(await screen.findByText('database patching')).toBeInTheDocument();
    expect(screen.queryByRole('article', { name: 'deploy 2.4.0' })).toBeNull();
    expect(list[0]).toMatchObject({ id: 'mw-mock-1', endedBy: 'alice' });
  });

  it('shows a failed load with a retry, and the empty state', async () => {
    let fail = true;
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/maintenance',
      alerting: { windows: [] },
      handlers: [
        http.get(`${GATEWAY}/api/maintenance`, () =>
          fail ? problem(500, 'Internal Server Error', 'boom') : undefined,
        ),
      ],
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Maintenance windows could not be loaded: Internal Server Error (500)boom',
    );
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByText('No maintenance window is active or scheduled.'),
    ).toBeInTheDocument();
  });

  it('follows maintenance events: a window opened elsewhere appears, an ended one leaves', async () => {
    const { store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/maintenance',
      alerting: { windows: [] },
    });
    await screen.findByText('No maintenance window is active or scheduled.');
    const opened: MaintenanceWindow = {
      id: 'mw-cli',
      match: { groups: ['payments'] },
      startsAt: '2026-11-27T12:00:00.000Z',
      endsAt: '2026-11-27T12:15:00.000Z',
      reason: 'deploy.sh payments',
      createdBy: 'ci-bot',
      state: 'active',
    };
    act(() =>
      store.emit({ id: '1', type: 'maintenance', data: { at: opened.startsAt, window: opened } }),
    );
    expect(screen.getByRole('article', { name: 'deploy.sh payments' })).toHaveTextContent(
      'groups payments',
    );
    act(() =>
      store.emit({
        id: '2',
        type: 'maintenance',
        data: { at: opened.endsAt, window: { ...opened, state: 'ended' } },
      }),
    );
    expect(screen.queryByRole('article', { name: 'deploy.sh payments' })).toBeNull();
  });

  it('lets viewers look, without the form or End now', async () => {
    renderPanel({
      signedInAs: 'val-token',
      path: '/maintenance',
      alerting: { windows: windows() },
    });
    const window = await screen.findByRole('article', { name: 'deploy 2.4.0' });
    expect(within(window).queryByRole('button', { name: 'End now' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Open a maintenance window' })).toBeNull();
    expect(screen.getByRole('note')).toHaveTextContent('Operator role required');
  });
});
