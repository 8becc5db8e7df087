import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { makeApproval } from '@aether/contract/fixtures';
import { renderPanel } from '../../../testing/render-panel';

const fromBob = makeApproval({ id: 'apr-bob', requestedBy: 'bob', params: { region: 'eu' } });
const fromAlice = makeApproval({
  id: 'apr-alice',
  requestedBy: 'alice',
  params: { region: 'us' },
  approvals: [{ actor: 'alice', at: '2026-11-27T12:00:00.000Z' }],
});

describe('approvals inbox', () => {
  it('offers approve and reject on other operators’ requests, and explains why not on one’s own', async () => {
    renderPanel({ signedInAs: 'alice-token', path: '/approvals', approvals: [fromBob, fromAlice] });
    const cards = await screen.findAllByRole('article');
    expect(cards).toHaveLength(2);
    const bobCard = cards.find((a) => a.textContent?.includes('Requested by bob'))!;
    const aliceCard = cards.find((a) => a.textContent?.includes('Requested by alice'))!;
    expect(within(bobCard).getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(within(bobCard).getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(within(bobCard).getByLabelText('Parameters')).toHaveTextContent('regioneu');
    expect(within(aliceCard).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(aliceCard).toHaveTextContent('Your own request: another operator must approve it.');
  });

  it('approves another operator’s request and moves it to the decided list', async () => {
    const { user, store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/approvals',
      approvals: [fromBob],
    });
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const decided = await screen.findByRole('list', { name: 'Decided requests' });
    expect(decided).toHaveTextContent('approved by alice');
    expect(screen.getByText('Nothing is waiting for approval.')).toBeInTheDocument();
    expect(store.approvals[0]).toMatchObject({ status: 'approved', decidedBy: 'alice' });
  });

  it('rejects, and shows the gateway’s reason when a decision is refused', async () => {
    const { user, store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/approvals',
      approvals: [
        fromBob,
        makeApproval({ id: 'apr-2', requestedBy: 'bob', operationId: 'x', title: 'Second' }),
      ],
    });
    const [, second] = await screen.findAllByRole('article');
    // Someone else decided it a moment ago, but no event has reached us yet.
    store.approvals = store.approvals.map((a) =>
      a.id === 'apr-2' ? { ...a, status: 'rejected' } : a,
    );
    await user.click(within(second!).getByRole('button', { name: 'Reject' }));
    expect(await within(second!).findByRole('alert')).toHaveTextContent(
      'The decision was not recorded: Already decided (409)',
    );
  });

  it('adds new requests and decisions live from approval events', async () => {
    const { store } = renderPanel({ signedInAs: 'alice-token', path: '/approvals', approvals: [] });
    expect(await screen.findByText('Nothing is waiting for approval.')).toBeInTheDocument();
    act(() => store.emit({ id: '1', type: 'approval', data: fromBob }));
    expect(
      within(screen.getByRole('list', { name: 'Pending requests' })).getByRole('article'),
    ).toHaveTextContent('Requested by bob');
    act(() =>
      store.emit({
        id: '2',
        type: 'approval',
        data: { ...fromBob, status: 'rejected', decidedBy: 'carol' },
      }),
    );
    expect(screen.getByRole('list', { name: 'Decided requests' })).toHaveTextContent(
      'rejected by carol',
    );
  });

  it('is closed to viewers, with the reason', async () => {
    renderPanel({ path: '/approvals' });
    expect(await screen.findByText('Operator role required — sign in')).toBeInTheDocument();
  });
});
