import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { ApprovalList, type Approval, type Identity } from '@aether/contract';
import { makeApproval } from '@aether/contract/fixtures';
import { server } from '../testing/msw-server';
import { GATEWAY } from '../testing/mock-gateway';
import { fakeFederation } from '../testing/fake-federation';
import { OPERATE, renderShell, stopShells } from '../testing/render-shell';
import { serveShellWithPanels } from '../testing/shell-with-panels';
import { clearLoadedPanels } from '../panels/load-panel';
import { waitsFor } from './waiting-approvals';

const OLGA: Identity = { name: 'olga', role: 'operator', authenticated: true };
const LATER = '2099-01-01T00:00:00.000Z';
const fromBob = makeApproval({ id: 'apr-bob', requestedBy: 'bob', expiresAt: LATER });

function setup(session: Identity, queue: Approval[]) {
  const gateway = serveShellWithPanels({
    session,
    links: { [OPERATE.id]: { approvals: '/approvals' } },
  });
  let reads = 0;
  server.use(
    http.get(`${GATEWAY}/api/approvals`, () => {
      reads++;
      return HttpResponse.json(ApprovalList.parse(queue));
    }),
  );
  return { gateway, reads: () => reads };
}

beforeEach(() => {
  fakeFederation.reset();
  clearLoadedPanels();
  localStorage.clear();
});
afterEach(stopShells);

describe('waitsFor', () => {
  const now = Date.parse('2026-12-06T12:00:00.000Z');
  it.each<[string, Partial<Approval>, boolean]>([
    ['another operator’s pending request', {}, true],
    ['one’s own request', { requestedBy: 'olga' }, false],
    ['one already approved by olga', { approvals: [{ actor: 'olga', at: LATER }] }, false],
    ['a decided one', { status: 'approved' }, false],
    ['one past its expiry, not yet marked', { expiresAt: '2026-12-06T11:59:59.000Z' }, false],
  ])('%s', (_, over, expected) => {
    expect(waitsFor({ ...fromBob, ...over }, OLGA, now)).toBe(expected);
  });
});

describe('approvals waiting, anywhere in the app', () => {
  it('badges the panel that declares the queue with what waits for this operator, linked to it', async () => {
    setup(OLGA, [
      fromBob,
      makeApproval({ id: 'apr-mine', requestedBy: 'olga', expiresAt: LATER }),
      makeApproval({ id: 'apr-carol', requestedBy: 'carol', expiresAt: LATER }),
    ]);
    const { user } = renderShell('/');
    const rail = await screen.findByRole('navigation', { name: 'Panels' });
    const badge = await within(rail).findByRole('link', { name: '2 approvals wait for you' });
    expect(badge).toHaveTextContent('2');
    // On the Operate entry, which declares links.approvals; Health gets none.
    expect(badge.closest('li')).toHaveTextContent('Operate');
    await user.click(badge);
    expect(window.location.pathname).toBe('/p/interaction/approvals');
  });

  it('says so when a new request arrives live, and the badge follows decisions', async () => {
    const { gateway } = setup(OLGA, []);
    const { user } = renderShell('/panels');
    await screen.findByText('Operate body');
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    const rail = screen.getByRole('navigation', { name: 'Panels' });
    expect(within(rail).queryByRole('link', { name: /wait for you|waits for you/ })).toBeNull();

    act(() => gateway.push('approval', fromBob));
    const notice = await screen.findByLabelText('New approval request');
    expect(notice).toHaveTextContent('bob asks to run Flush cache on svc-00000');
    expect(
      await within(rail).findByRole('link', { name: '1 approval waits for you' }),
    ).toBeInTheDocument();

    await user.click(within(notice).getByRole('button', { name: 'Review' }));
    expect(window.location.pathname).toBe('/p/interaction/approvals');
    expect(screen.queryByLabelText('New approval request')).toBeNull();

    act(() => gateway.push('approval', { ...fromBob, status: 'rejected', decidedBy: 'carol' }));
    await waitFor(() =>
      expect(within(rail).queryByRole('link', { name: /waits for you/ })).toBeNull(),
    );
  });

  it('loads no panel to find the queue until something waits', async () => {
    const { gateway, reads } = setup(OLGA, []);
    renderShell('/p/health');
    await screen.findByText('Health body');
    await waitFor(() => expect(reads()).toBe(1));
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    const operateLoaded = () =>
      fakeFederation.registered.some((r) => r.entry.startsWith('http://localhost:5175/'));
    expect(operateLoaded()).toBe(false);

    act(() => gateway.push('approval', fromBob));
    const rail = screen.getByRole('navigation', { name: 'Panels' });
    const badge = await within(rail).findByRole('link', { name: '1 approval waits for you' });
    expect(badge.closest('li')).toHaveTextContent('Operate');
    expect(operateLoaded()).toBe(true);
  });

  it('asks nothing for a viewer', async () => {
    const { reads } = setup({ name: 'vic', role: 'viewer', authenticated: true }, [fromBob]);
    renderShell('/panels');
    await screen.findByText('Operate body');
    await screen.findByText('vic');
    expect(screen.queryByRole('link', { name: /wait(s)? for you/ })).toBeNull();
    // The Now view is not shown here; nothing else reads the queue.
    expect(reads()).toBe(0);
  });

  it('puts no notice over the queue itself', async () => {
    const { gateway } = setup(OLGA, []);
    renderShell('/p/interaction/approvals');
    await screen.findByText('Operate body');
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    act(() => gateway.push('approval', fromBob));
    const rail = screen.getByRole('navigation', { name: 'Panels' });
    expect(
      await within(rail).findByRole('link', { name: '1 approval waits for you' }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('New approval request')).toBeNull();
  });
});
