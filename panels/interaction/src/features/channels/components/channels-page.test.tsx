import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { GATEWAY, renderPanel } from '../../../testing/render-panel';

describe('channels page', () => {
  it('lists channels without secrets and sends a test, showing the attempt', async () => {
    const { user } = renderPanel({ signedInAs: 'root-token', path: '/channels' });
    const table = await screen.findByRole('table', { name: 'Channels' });
    const oncall = within(table).getByRole('row', { name: /^oncall/ });
    expect(oncall).toHaveTextContent('oncallwebhook127.0.0.1:9200');
    await user.click(within(oncall).getByRole('button', { name: 'Send test to oncall' }));
    expect(await within(oncall).findByText(/^Delivered \(200\) at /)).toBeInTheDocument();
  });

  it('says how a failed test went, with the receiver’s error', async () => {
    const { user } = renderPanel({
      signedInAs: 'root-token',
      path: '/channels',
      handlers: [
        http.post(`${GATEWAY}/api/alerting/channels/:id/test`, ({ params }) =>
          HttpResponse.json({
            channel: params.id,
            attempt: {
              at: '2026-11-27T12:00:00.000Z',
              outcome: 'failed',
              status: 401,
              error: 'the receiver refused the signature',
            },
          }),
        ),
      ],
    });
    const mail = within(await screen.findByRole('table', { name: 'Channels' })).getByRole('row', {
      name: /^mail/,
    });
    await user.click(within(mail).getByRole('button', { name: 'Send test to mail' }));
    expect(
      await within(mail).findByText(/^Failed \(401\) at .*: the receiver refused the signature$/),
    ).toBeInTheDocument();
  });

  it('is an admin page: operators see the channels and why they cannot test, and no Channels tab', async () => {
    renderPanel({ signedInAs: 'alice-token', path: '/channels' });
    const table = await screen.findByRole('table', { name: 'Channels' });
    expect(within(table).queryByRole('button')).toBeNull();
    expect(screen.getByRole('note')).toHaveTextContent('Admin role required');
    const nav = screen.getByRole('navigation', { name: 'Operate sections' });
    expect(within(nav).queryByRole('link', { name: 'Channels' })).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Alerts' })).toBeInTheDocument();
  });
});
