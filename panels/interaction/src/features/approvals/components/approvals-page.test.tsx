import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { capture, makeApproval, makeOperation } from '@aether/contract/fixtures';
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
    expect(within(bobCard).getByRole('button', { name: 'Approve…' })).toBeEnabled();
    expect(within(bobCard).getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(within(bobCard).getByLabelText('Parameters')).toHaveTextContent('regioneu');
    expect(within(bobCard).getByRole('figure', { name: 'Request to be sent' })).toHaveTextContent(
      'POST http://127.0.0.1:9101/admin/cache/flush',
    );
    expect(within(aliceCard).queryByRole('button', { name: 'Approve…' })).not.toBeInTheDocument();
    expect(aliceCard).toHaveTextContent('Your own request: another operator must approve it.');
  });

  it('approves in a second step that shows the exact redacted request, then shows the outcome', async () => {
    const { user, store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/approvals',
      approvals: [fromBob],
      operations: [makeOperation('svc-00000', 'flush-cache', { approvals: 2, mutating: true })],
      responses: { 'svc-00000/flush-cache': capture(202, '{"flushed":true}') },
    });
    await user.click(await screen.findByRole('button', { name: 'Approve…' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve “Flush cache” on svc-00000?',
    });
    expect(dialog).toHaveAccessibleDescription(/Yours is the last approval needed/);
    const request = within(dialog).getByRole('figure', { name: 'Request to be sent' });
    expect(request).toHaveTextContent('authorization');
    expect(request).toHaveTextContent('Bearer ${ORDERS_ADMIN_TOKEN}');
    // Nothing is decided until the second step.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(store.approvals[0]!.status).toBe('pending');

    await user.click(within(dialog).getByRole('button', { name: 'Approve and run' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const notice = await screen.findByRole('status', { name: 'Your decision' });
    expect(notice).toHaveTextContent('You approved “Flush cache” on svc-00000, requested by bob.');
    expect(notice).toHaveTextContent('Ran 202');
    // the notice takes focus in an effect, which may run after findBy saw it in the DOM (npm test
    // at load ~20 met it on <body>)
    await waitFor(() => expect(notice).toHaveFocus());
    const decided = screen.getByRole('list', { name: 'Decided requests' });
    expect(decided).toHaveTextContent('approved by alice');
    expect(within(decided).getByLabelText('Outcome')).toHaveTextContent('Ran 202');
    expect(screen.getByText('Nothing is waiting for approval.')).toBeInTheDocument();
    expect(store.approvals[0]).toMatchObject({ status: 'approved', decidedBy: 'alice' });
  });

  it('cancels the second step without deciding, focus back on Approve…', async () => {
    const { user, store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/approvals',
      approvals: [fromBob],
    });
    await user.click(await screen.findByRole('button', { name: 'Approve…' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve…' })).toHaveFocus();
    expect(store.approvals[0]!.status).toBe('pending');
  });

  it('shows a failed run as the outcome of an approval', async () => {
    renderPanel({
      signedInAs: 'alice-token',
      path: '/approvals',
      approvals: [
        makeApproval({
          id: 'apr-failed',
          status: 'approved',
          decidedBy: 'carol',
          result: { outcome: 'failed', auditId: 9, error: 'timed out after 5 s' },
        }),
      ],
    });
    const decided = await screen.findByRole('list', { name: 'Decided requests' });
    expect(within(decided).getByLabelText('Outcome')).toHaveTextContent(
      'Failed timed out after 5 s · audit entry #9',
    );
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

  it('does not offer Approve again to an operator who already approved (three eyes)', async () => {
    renderPanel({
      signedInAs: 'alice-token',
      path: '/approvals',
      approvals: [
        makeApproval({
          required: 3,
          approvals: [
            { actor: 'bob', at: '2026-11-27T12:00:00.000Z' },
            { actor: 'alice', at: '2026-11-27T12:01:00.000Z' },
          ],
        }),
      ],
    });
    const card = await screen.findByRole('article');
    expect(within(card).queryByRole('button', { name: 'Approve…' })).toBeNull();
    expect(card).toHaveTextContent('You approved it; 1 more approval(s) needed before it runs.');
  });
});
