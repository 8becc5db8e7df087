import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { Approval, InvokeResponse } from '@aether/contract';
import { makeApproval, makeResult, makeService } from '@aether/contract/fixtures';
import { renderPanel } from '../../../testing/render-panel';
import { requests } from '../../../testing/server';

const flush = '/services/svc-00000/operations/flush-cache';
const restart = '/services/svc-00000/operations/restart-workers';

describe('viewer', () => {
  it('sees the operation read-only with the reason, and can sign in from there', async () => {
    const { user } = renderPanel({ path: restart });
    expect(await screen.findByText('Operator role required — sign in')).toBeInTheDocument();
    expect(screen.getByLabelText('Workers')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Run…' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Dry run' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(screen.getByLabelText('Access token'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('That token is not valid')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('Access token'));
    await user.type(screen.getByLabelText('Access token'), 'alice-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('button', { name: 'Dry run' })).toBeEnabled();
    expect(screen.getByLabelText('Workers')).toBeEnabled();
    expect(screen.queryByText(/role required/)).not.toBeInTheDocument();
  });

  it('may run a read-only operation whose role is viewer', async () => {
    const { user } = renderPanel({ path: '/services/svc-00000/operations/get-config' });
    await user.click(await screen.findByRole('button', { name: 'Run' }));
    expect(await screen.findByRole('region', { name: 'Result' })).toHaveTextContent('200 Success');
  });

  it('as an operator is told why an admin operation is out of reach', async () => {
    renderPanel({ signedInAs: 'alice-token', path: '/services/svc-00001/operations/reindex' });
    expect(
      await screen.findByText('Admin role required — you are signed in as alice (operator)'),
    ).toBeInTheDocument();
  });
});

describe('dry run', () => {
  it('shows the exact request with secrets redacted, and a curl line to copy', async () => {
    const { user } = renderPanel({ signedInAs: 'alice-token', path: restart });
    await user.type(await screen.findByLabelText('Reason'), 'deploy 42');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));

    const dry = await screen.findByRole('region', { name: 'Dry run' });
    const request = await within(dry).findByRole('figure', { name: 'Request that would be sent' });
    expect(request).toHaveTextContent('POST http://127.0.0.1:9100/admin/workers/restart');
    expect(within(request).getByRole('row', { name: /authorization/ })).toHaveTextContent(
      'Bearer ${ORDERS_ADMIN_TOKEN}',
    );
    expect(request).toHaveTextContent('"reason": "deploy 42"');

    const curl = within(dry).getByLabelText('curl command');
    expect(curl.textContent).toBe(
      `curl -X POST 'http://127.0.0.1:9100/admin/workers/restart' -H 'authorization: Bearer \${ORDERS_ADMIN_TOKEN}' -H 'content-type: application/json' --data '{"count":2,"graceful":true,"reason":"deploy 42"}'`,
    );
    await user.click(within(dry).getByRole('button', { name: 'Copy curl' }));
    expect(within(dry).getByText('Copied')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(curl.textContent);
  });

  it('is also what Enter in a field does, never a run', async () => {
    const { user, store } = renderPanel({ signedInAs: 'alice-token', path: restart, audit: [] });
    await user.type(await screen.findByLabelText('Reason'), 'deploy{Enter}');
    expect(await screen.findByRole('region', { name: 'Dry run' })).toBeInTheDocument();
    expect(store.audit.map((e) => e.action)).toEqual(['dry-run']);
  });
});

describe('confirmation of a mutating operation', () => {
  it('asks with a dialog naming service, operation and parameters, then runs with the token', async () => {
    const { user, store } = renderPanel({ signedInAs: 'alice-token', path: restart, audit: [] });
    await user.type(await screen.findByLabelText('Reason'), 'deploy 42');
    await user.click(screen.getByRole('button', { name: 'Run…' }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Run “Restart workers” on Service 0?',
    });
    expect(dialog).toHaveAccessibleDescription('This changes state on the service.');
    const params = within(dialog).getByLabelText('Parameters');
    expect(params).toHaveTextContent('count2');
    expect(params).toHaveTextContent('gracefultrue');
    expect(params).toHaveTextContent('reasondeploy 42');
    expect(within(dialog).getByRole('figure', { name: 'Request to be sent' })).toHaveTextContent(
      'POST http://127.0.0.1:9100/admin/workers/restart',
    );
    await waitFor(() =>
      expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus(),
    );
    expect(store.audit.map((e) => e.action)).toEqual(['confirm-requested']);

    await user.click(within(dialog).getByRole('button', { name: 'Run Restart workers' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const result = await screen.findByRole('region', { name: 'Result' });
    expect(result).toHaveTextContent('200 Success');
    expect(store.audit.map((e) => e.action)).toEqual(['confirm-requested', 'invoke']);
  });

  it('keeps focus inside the dialog and closes on Escape without running anything', async () => {
    const { user, store } = renderPanel({ signedInAs: 'alice-token', path: restart, audit: [] });
    await user.type(await screen.findByLabelText('Reason'), 'deploy 42');
    await user.click(screen.getByRole('button', { name: 'Run…' }));
    const dialog = await screen.findByRole('dialog');
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Run Restart workers' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(store.audit.map((e) => e.action)).toEqual(['confirm-requested']);
    expect(screen.queryByRole('region', { name: 'Result' })).not.toBeInTheDocument();
    // Back on the control that opened it, not on <body> (Run was disabled while the 428 came).
    expect(screen.getByRole('button', { name: 'Run…' })).toHaveFocus();
  });

  it('returns focus to Run when the dialog is cancelled with its button', async () => {
    const { user } = renderPanel({ signedInAs: 'alice-token', path: restart, audit: [] });
    await user.type(await screen.findByLabelText('Reason'), 'deploy 42');
    await user.click(screen.getByRole('button', { name: 'Run…' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Run…' })).toHaveFocus();
  });

  it('says calmly when the gateway refuses the confirmation', async () => {
    const { user, store } = renderPanel({ signedInAs: 'alice-token', path: restart });
    await user.type(await screen.findByLabelText('Reason'), 'deploy 42');
    await user.click(screen.getByRole('button', { name: 'Run…' }));
    const dialog = await screen.findByRole('dialog');
    store.confirmations.clear(); // as if it had expired on the gateway
    await user.click(within(dialog).getByRole('button', { name: 'Run Restart workers' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The operation did not run: Confirmation refused (409)');
    expect(alert).toHaveTextContent('The confirmation token is unknown or was already used');
  });
});

describe('the service in context', () => {
  it('shows its live health, and follows its checks for two minutes after a run', async () => {
    const { user, store, events } = renderPanel({ signedInAs: 'alice-token', path: restart });
    const health = await screen.findByRole('region', { name: 'Live health' });
    expect(health).toHaveTextContent('2 of 2 checks up');

    const down = makeService(0, {
      status: 'down',
      checks: [{ id: 'health', type: 'http', status: 'down', since: new Date().toISOString() }],
    });
    act(() => {
      store.emit({
        id: '1',
        type: 'status',
        data: {
          serviceId: 'svc-00000',
          checkId: 'health',
          status: 'down',
          previous: 'up',
          since: new Date().toISOString(),
          service: down,
        },
      });
      store.emit({ id: '2', type: 'result', data: makeResult('svc-00000', 'health', false) });
    });
    const notUp = within(health).getByRole('list', { name: 'Checks not up' });
    expect(notUp).toHaveTextContent('health');
    expect(notUp).toHaveTextContent('status: expected one of [200], got 500');
    expect(health).toHaveTextContent('1 of 2 checks up');

    const listeners = events.listenerCount();
    await user.type(screen.getByLabelText('Reason'), 'deploy 42');
    await user.click(screen.getByRole('button', { name: 'Run…' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Run Restart workers' }));
    const after = await screen.findByRole('region', { name: 'After the run' });
    // The strip listens from its effect, which may run after the region is on the page.
    await waitFor(() => expect(events.listenerCount()).toBe(listeners + 1));
    expect(within(after).getByRole('status')).toHaveTextContent(
      /Following svc-00000's checks · [12]:\d\d left/,
    );
    expect(within(after).getByRole('img', { name: 'health: no result yet' })).toBeInTheDocument();

    act(() => {
      store.emit({
        id: '3',
        type: 'result',
        data: makeResult('svc-00000', 'health', true, { timestamp: new Date().toISOString() }),
      });
    });
    expect(
      within(after).getByRole('img', { name: 'health: 1 results, 0 down, last up' }),
    ).toBeInTheDocument();
    expect(within(after).getByRole('img', { name: 'db-port: no result yet' })).toBeInTheDocument();
  });
});

describe('arriving with dry run (from the palette)', () => {
  it('shows the dry run of the default params, and runs nothing', async () => {
    const { store } = renderPanel({
      signedInAs: 'alice-token',
      path: `${restart}?dryRun=1`,
      audit: [],
    });
    // Reason is required and has no default: the form says so instead of sending anything.
    expect(await screen.findByText(/required/i)).toBeInTheDocument();
    expect(store.audit).toEqual([]);
  });

  it('dry-runs at once when the defaults are enough', async () => {
    const { store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/services/svc-00000/operations/get-config?dryRun=1',
      audit: [],
    });
    expect(
      await screen.findByRole('figure', { name: 'Request that would be sent' }),
    ).toHaveTextContent('GET');
    // focus moves in an effect, which may run after findBy saw the figure
    await waitFor(() => expect(screen.getByRole('button', { name: 'Dry run' })).toHaveFocus());
    expect(store.audit.map((e) => e.action)).toEqual(['dry-run']);
  });
});

describe('four eyes', () => {
  async function requestFlush() {
    const rendered = renderPanel({ signedInAs: 'alice-token', path: flush });
    const { user } = rendered;
    await user.selectOptions(await screen.findByLabelText('Region'), 'eu');
    await user.click(screen.getByRole('button', { name: 'Run…' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveAccessibleDescription(
      'This changes state. After you confirm, another operator must approve it before it runs.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and request approval' }));
    const pending = await screen.findByRole('region', { name: 'Waiting for approval' });
    expect(pending).toHaveTextContent('Pending approval');
    expect(pending).toHaveTextContent('1 of 2 approvals');
    const approvalId = rendered.store.approvals[0]!.id;
    return { ...rendered, approvalId };
  }

  it('waits, then shows the result when another operator approves (live, via the approval event)', async () => {
    const { store, approvalId } = await requestFlush();
    expect(screen.queryByRole('button', { name: 'Run…' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Waiting for approval' })).toBeDisabled();
    act(() => {
      store.decide(approvalId, 'approve', store.tokens['bob-token']!);
    });
    expect(await screen.findByText(/by bob at/)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Result' })).toHaveTextContent('200 Success');
    expect(screen.queryByRole('region', { name: 'Waiting for approval' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run…' })).toBeEnabled();
  });

  /** What the real gateway publishes on the deciding approval: the decision first, the run's result after it. */
  function gatewayApproval(approval: Approval, result: InvokeResponse | null): Approval {
    const at = '2026-11-27T12:00:00.000Z';
    return {
      ...approval,
      approvals: [...approval.approvals, { actor: 'bob', at }],
      status: 'approved',
      decidedBy: 'bob',
      decidedAt: at,
      result,
    };
  }
  const completed: InvokeResponse = {
    outcome: 'completed',
    auditId: 7,
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"flushed":true}',
      bytes: 16,
      truncated: false,
      durationMs: 12,
    },
  };

  it('shows the result from the event that carries it, after the gateway announced the decision without one', async () => {
    const { events, store } = await requestFlush();
    const pending = store.approvals[0]!;
    act(() => events.emit({ id: '10', type: 'approval', data: gatewayApproval(pending, null) }));
    const running = await screen.findByRole('region', { name: 'Running the approved request' });
    expect(running).toHaveTextContent('by bob at');
    expect(screen.queryByText(/result is in the audit trail/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Running the approved request' })).toBeDisabled();

    act(() =>
      events.emit({ id: '11', type: 'approval', data: gatewayApproval(pending, completed) }),
    );
    const result = await screen.findByRole('region', { name: 'Result' });
    expect(result).toHaveTextContent('200 Success');
    expect(result).toHaveTextContent('flushed');
    expect(
      screen.queryByRole('region', { name: 'Running the approved request' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/result is in the audit trail/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run…' })).toBeEnabled();
  });

  it('takes the result from GET /api/approvals when the event without one is the last it sees', async () => {
    const { events, store } = await requestFlush();
    const pending = store.approvals[0]!;
    // The run finished and the queue has its result, but its event never reached this page.
    store.approvals = [gatewayApproval(pending, completed)];
    act(() => events.emit({ id: '10', type: 'approval', data: gatewayApproval(pending, null) }));
    const result = await screen.findByRole('region', { name: 'Result' });
    expect(result).toHaveTextContent('200 Success');
    expect(screen.getByText(/by bob at/)).toBeInTheDocument();
    expect(screen.queryByText(/result is in the audit trail/)).not.toBeInTheDocument();
  });

  it('says nothing ran when another operator rejects', async () => {
    const { store, approvalId } = await requestFlush();
    act(() => {
      store.decide(approvalId, 'reject', store.tokens['bob-token']!);
    });
    expect(
      await screen.findByText('bob rejected this request; nothing was run.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Result' })).not.toBeInTheDocument();
  });

  it('ignores decisions about other requests', async () => {
    const { events, store, approvalId } = await requestFlush();
    const other = {
      ...store.approvals[0]!,
      id: 'apr-other',
      status: 'rejected' as const,
      decidedBy: 'bob',
    };
    act(() => events.emit({ id: null, type: 'approval', data: other }));
    expect(screen.getByRole('region', { name: 'Waiting for approval' })).toHaveTextContent(
      approvalId,
    );
  });

  it('says "waiting for approval" when the requester comes back to a request still pending', async () => {
    renderPanel({
      signedInAs: 'alice-token',
      path: flush,
      approvals: [
        makeApproval({ id: 'apr-other', requestedBy: 'bob' }),
        makeApproval({ id: 'apr-mine', requestedBy: 'alice' }),
      ],
    });
    const pending = await screen.findByRole('region', { name: 'Waiting for approval' });
    expect(pending).toHaveTextContent('Request apr-mine');
    expect(pending).toHaveTextContent('1 of 2 approvals');
    expect(screen.getByRole('button', { name: 'Waiting for approval' })).toBeDisabled();
  });

  it('offers Run again when only others wait or its own request was decided', async () => {
    renderPanel({
      signedInAs: 'alice-token',
      path: flush,
      approvals: [
        makeApproval({ id: 'apr-other', requestedBy: 'bob' }),
        makeApproval({ id: 'apr-done', requestedBy: 'alice', status: 'rejected' }),
        makeApproval({ id: 'apr-elsewhere', requestedBy: 'alice', operationId: 'other-op' }),
      ],
    });
    expect(await screen.findByRole('button', { name: 'Run…' })).toBeEnabled();
    await waitFor(() => expect(requests.some((u) => u.pathname === '/api/approvals')).toBe(true));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.getByRole('button', { name: 'Run…' })).toBeEnabled();
    expect(screen.queryByRole('region', { name: 'Waiting for approval' })).not.toBeInTheDocument();
  });
});
