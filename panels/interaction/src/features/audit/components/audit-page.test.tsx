import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { makeAuditEntries } from '@aether/contract/fixtures';
import { renderPanel } from '../../../testing/render-panel';

const rows = () =>
  within(screen.getByRole('table', { name: 'Audit entries' }))
    .getAllByRole('row')
    .slice(1);
const ids = () => rows().map((r) => Number((r as HTMLTableRowElement).cells[0]!.textContent));

describe('audit trail', () => {
  it('shows newest first, pages backwards with before, and says where the trail starts', async () => {
    const { user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/audit',
      audit: makeAuditEntries(70),
    });
    // The audit section loads on first visit, so its own loading state follows a moment later.
    expect(
      await screen.findByRole('status', { name: 'Loading the audit trail' }),
    ).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Audit entries' });
    expect(ids()).toHaveLength(50);
    expect(ids().slice(0, 2)).toEqual([70, 69]);
    await user.click(screen.getByRole('button', { name: 'Load older entries' }));
    expect(await screen.findByText('Start of the trail.')).toBeInTheDocument();
    expect(ids()).toHaveLength(70);
    expect(ids().at(-1)).toBe(1);
  });

  it('filters by service, actor and time, through the panel URL', async () => {
    const { user, context } = renderPanel({
      signedInAs: 'alice-token',
      path: '/audit',
      audit: makeAuditEntries(30),
    });
    await screen.findByRole('table', { name: 'Audit entries' });
    const filters = screen.getByRole('form', { name: 'Audit filters' });
    await user.type(within(filters).getByLabelText('Actor'), 'bob');
    await user.type(within(filters).getByLabelText('Service'), 'svc-00000');
    await user.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    expect(context.navigation.path).toBe('/audit?service=svc-00000&actor=bob');
    await screen.findByRole('table', { name: 'Audit entries' });
    const expected = makeAuditEntries(30)
      .filter((e) => e.actor === 'bob' && e.serviceId === 'svc-00000')
      .map((e) => e.id)
      .reverse();
    expect(expected.length).toBeGreaterThan(0);
    await vitestWaitFor(() => ids().join() === expected.join());

    act(() => context.navigation.navigate('/audit?actor=nobody'));
    expect(await screen.findByText('No audit entries match these filters.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export NDJSON' })).toHaveAttribute(
      'href',
      'http://localhost:8080/api/audit?actor=nobody&format=ndjson',
    );
  });

  it('turns the time window into instants the API understands', async () => {
    const { user, context } = renderPanel({
      signedInAs: 'alice-token',
      path: '/audit',
      audit: makeAuditEntries(5),
    });
    await screen.findByRole('table', { name: 'Audit entries' });
    const filters = screen.getByRole('form', { name: 'Audit filters' });
    await user.type(within(filters).getByLabelText('From'), '2026-11-27T10:02');
    await user.click(within(filters).getByRole('button', { name: 'Apply filters' }));
    const from = new Date('2026-11-27T10:02').toISOString();
    expect(new URLSearchParams(context.navigation.path.split('?')[1]).get('from')).toBe(from);
    const expected = makeAuditEntries(5)
      .filter((e) => Date.parse(e.at) >= Date.parse(from))
      .map((e) => e.id)
      .reverse();
    await vitestWaitFor(() => ids().join() === expected.join());
  });

  it('prepends live audit events that match the filters, and not the others', async () => {
    const { store } = renderPanel({
      signedInAs: 'alice-token',
      path: '/audit?actor=bob',
      audit: makeAuditEntries(6),
    });
    await screen.findByRole('table', { name: 'Audit entries' });
    const before = ids();
    act(() => {
      store.appendAudit({
        actor: 'carol',
        role: 'operator',
        action: 'invoke',
        serviceId: 'svc-00000',
        operationId: 'get-config',
        params: {},
        outcome: 'ok',
        httpStatus: 200,
        durationMs: 5,
        reason: null,
        approvalId: null,
      });
    });
    expect(ids()).toEqual(before);
    act(() => {
      store.appendAudit({
        actor: 'bob',
        role: 'operator',
        action: 'refuse',
        serviceId: 'svc-00001',
        operationId: 'reindex',
        params: {},
        outcome: 'refused',
        httpStatus: null,
        durationMs: null,
        reason: 'admin role required',
        approvalId: null,
      });
    });
    expect(ids()).toEqual([8, ...before]);
    expect(rows()[0]).toHaveTextContent('Refused');
    expect(rows()[0]).toHaveTextContent('admin role required');
  });

  it('reports the chain intact, or where it breaks', async () => {
    const first = renderPanel({
      signedInAs: 'alice-token',
      path: '/audit',
      audit: makeAuditEntries(12),
    });
    expect(await screen.findByText('Chain intact')).toBeInTheDocument();
    expect(screen.getByText('12 entries checked')).toBeInTheDocument();

    first.store.verification = {
      ok: false,
      checked: 12,
      brokenAt: 7,
      reason: 'hash of entry 7 does not match its contents',
    };
    await first.user.click(screen.getByRole('button', { name: 'Verify again' }));
    expect(await screen.findByText('Chain broken at entry #7')).toBeInTheDocument();
    expect(screen.getByText('hash of entry 7 does not match its contents')).toBeInTheDocument();
  });

  it('is closed to viewers, with the reason', async () => {
    renderPanel({ path: '/audit' });
    expect(await screen.findByText('Operator role required — sign in')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

async function vitestWaitFor(condition: () => boolean) {
  const { waitFor } = await import('@testing-library/react');
  await waitFor(() => expect(condition()).toBe(true));
}
