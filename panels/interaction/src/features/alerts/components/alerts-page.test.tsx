import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { http } from 'msw';
import type { Alert } from '@aether/contract';
import { problem } from '@aether/contract/msw';
import { makeAlerts, makeServices } from '@aether/contract/fixtures';
import { GATEWAY, renderPanel } from '../../../testing/render-panel';

// firing (Service 0, a retried delivery), acknowledged (1), held (2), resolved (3).
const fleet = makeServices(4);
const alerts = () => makeAlerts(fleet);
const cardOf = (list: string, service: string) =>
  within(screen.getByRole('list', { name: list })).getByRole('article', {
    name: new RegExp(`^${service}`),
  });

describe('alerts page', () => {
  it('lists firing, acknowledged, held and resolved alerts, each with its delivery attempts', async () => {
    renderPanel({ signedInAs: 'alice-token', path: '/alerts', alerting: { alerts: alerts() } });
    const firing = within(await screen.findByRole('list', { name: 'Firing alerts' })).getByRole(
      'article',
    );
    expect(firing).toHaveTextContent('Service 0');
    expect(firing).toHaveTextContent('status: expected 200, actual 503');
    const deliveries = within(firing).getByRole('table', { name: 'Deliveries of Service 0' });
    const rows = within(deliveries).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^oncallfiring.*retrying \(503\)$/),
      expect.stringMatching(/^oncallfiring.*delivered \(200\)$/),
      expect.stringMatching(/^mailfiring.*delivered \(200\)$/),
    ]);
    expect(cardOf('Acknowledged alerts', 'Service 1')).toHaveTextContent(
      /Acknowledged by alice at .*: “on it”/,
    );
    expect(cardOf('Held in maintenance alerts', 'Service 2')).toHaveTextContent(
      'Not sent: held by a maintenance window.',
    );
    expect(cardOf('Recently resolved alerts', 'Service 3')).toHaveTextContent(/resolved /);
    expect(screen.queryByText('No alerts firing.')).toBeNull();
  });

  it('acknowledges with a comment; the alert moves to Acknowledged', async () => {
    const list = alerts();
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/alerts',
      alerting: { alerts: list },
    });
    const firing = await screen.findByRole('list', { name: 'Firing alerts' });
    await user.click(within(firing).getByRole('button', { name: 'Acknowledge' }));
    const dialog = screen.getByRole('dialog', { name: 'Acknowledge the alert on Service 0?' });
    await user.type(within(dialog).getByLabelText('Comment'), 'rolling back 2.4.0');
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge alert' }));
    const acked = await screen.findByText(/Acknowledged by alice at .*: “rolling back 2\.4\.0”/);
    expect(
      within(screen.getByRole('list', { name: 'Acknowledged alerts' })).getAllByRole('article'),
    ).toHaveLength(2);
    expect(acked.closest('article')).toHaveAccessibleName(/^Service 0/);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Firing alerts' })).toBeNull();
    expect(list[0]).toMatchObject({
      state: 'acknowledged',
      acknowledged: { comment: 'rolling back 2.4.0' },
    });
  });

  it('shows the refusal in the dialog, and Cancel gives focus back to the button', async () => {
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/alerts',
      alerting: { alerts: alerts() },
      handlers: [
        http.post(`${GATEWAY}/api/alerts/:id/ack`, () =>
          problem(409, 'Conflict', 'already acknowledged by bob'),
        ),
      ],
    });
    const firing = await screen.findByRole('list', { name: 'Firing alerts' });
    const opener = within(firing).getByRole('button', { name: 'Acknowledge' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByLabelText('Comment')).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge alert' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The alert was not acknowledged: Conflict (409)already acknowledged by bob',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });

  it('says when nothing is firing', async () => {
    renderPanel({ signedInAs: 'alice-token', path: '/alerts', alerting: { alerts: [] } });
    expect(await screen.findByText('No alerts firing.')).toBeInTheDocument();
  });

  it('shows a failed load with a retry that asks again', async () => {
    let fail = true;
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/alerts',
      alerting: { alerts: alerts() },
      handlers: [
        http.get(`${GATEWAY}/api/alerts`, () =>
          fail ? problem(503, 'Service Unavailable', 'the store is busy') : undefined,
        ),
      ],
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Alerts could not be loaded: Service Unavailable (503)the store is busy',
    );
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Firing alerts' })).toBeInTheDocument();
  });

  it('follows alert events: a new alert appears, a known one changes and keeps its deliveries', async () => {
    const { store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/alerts',
      alerting: { alerts: alerts().slice(0, 1) },
    });
    await screen.findByRole('list', { name: 'Firing alerts' });
    const [first] = alerts();
    const { messages: _messages, ...withoutMessages } = first!;
    const fresh: Omit<Alert, 'messages'> = {
      ...withoutMessages,
      id: 'al-new',
      service: { ...withoutMessages.service, name: 'Checkout' },
      cause: 'timeout after 2 s',
    };
    act(() => store.emit({ id: '1', type: 'alert', data: fresh }));
    expect(cardOf('Firing alerts', 'Checkout')).toHaveTextContent('No messages sent.');
    act(() =>
      store.emit({
        id: '2',
        type: 'alert',
        data: { ...withoutMessages, state: 'resolved', resolvedAt: '2026-11-27T12:05:00.000Z' },
      }),
    );
    const resolved = cardOf('Recently resolved alerts', 'Service 0');
    expect(within(resolved).getByRole('table')).toHaveTextContent('retrying (503)');
  });

  it('lets viewers look but not acknowledge', async () => {
    renderPanel({ signedInAs: 'val-token', path: '/alerts', alerting: { alerts: alerts() } });
    const firing = await screen.findByRole('list', { name: 'Firing alerts' });
    expect(within(firing).queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(firing).toHaveTextContent('Operators can acknowledge this alert.');
  });
});
