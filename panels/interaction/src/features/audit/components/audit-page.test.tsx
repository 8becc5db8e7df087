import { beforeAll, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { AuditEntry } from '@aether/contract';
import { chainAuditEntry, makeAuditEntries, type AuditEntryInput } from '@aether/contract/fixtures';
import { renderPanel } from '../../../testing/render-panel';

const rows = () =>
  within(screen.getByRole('table', { name: 'Audit actions' }))
    .getAllByRole('row')
    .slice(1);
const ids = () => rows().map((r) => Number((r as HTMLTableRowElement).cells[0]!.textContent));

describe('audit trail', () => {
  // The section's module loads on first visit (React.lazy). Its first import here is transformed on
  // the spot, which on a loaded machine outlasts findBy's wait: wait for that import itself first,
  // so the first test sees the section's own loading state, not still the panel's.
  beforeAll(async () => {
    await import('./audit-page');
  }, 60_000);

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
    await screen.findByRole('table', { name: 'Audit actions' });
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
    await screen.findByRole('table', { name: 'Audit actions' });
    const filters = screen.getByRole('form', { name: 'Audit filters' });
    // Lists of what the trail holds, not free text.
    const actor = within(filters).getByRole('combobox', { name: 'Actor' });
    await waitFor(() =>
      expect(
        within(actor)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Anyone', 'alice', 'bob', 'ci-bot']),
    );
    expect(
      within(within(filters).getByRole('combobox', { name: 'Service' }))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Any service', 'svc-00000', 'svc-00001']);
    await user.selectOptions(actor, 'bob');
    expect(context.navigation.path).toBe('/audit?actor=bob');
    await user.selectOptions(
      within(screen.getByRole('form', { name: 'Audit filters' })).getByRole('combobox', {
        name: 'Service',
      }),
      'svc-00000',
    );
    expect(context.navigation.path).toBe('/audit?service=svc-00000&actor=bob');
    await screen.findByRole('table', { name: 'Audit actions' });
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
    await screen.findByRole('table', { name: 'Audit actions' });
    const filters = screen.getByRole('form', { name: 'Audit filters' });
    await user.type(within(filters).getByLabelText('From'), '2026-11-27T10:02');
    await user.click(within(filters).getByRole('button', { name: 'Apply time window' }));
    const from = new Date('2026-11-27T10:02').toISOString();
    expect(new URLSearchParams(context.navigation.path.split('?')[1]).get('from')).toBe(from);
    const expected = makeAuditEntries(5)
      .filter((e) => Date.parse(e.at) >= Date.parse(from))
      .map((e) => e.id)
      .reverse();
    await vitestWaitFor(() => ids().join() === expected.join());
  });

  it('prepends live audit events that match the filters, and not the others', async () => {
    const { store, user } = renderPanel({
      signedInAs: 'alice-token',
      path: '/audit?actor=bob',
      audit: makeAuditEntries(6),
    });
    await screen.findByRole('table', { name: 'Audit actions' });
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
    await user.click(within(rows()[0]!).getByRole('button', { name: /^1 entry/ }));
    expect(screen.getByRole('table', { name: 'Entries of Refused' })).toHaveTextContent(
      'admin role required',
    );
  });

  it('tells a four-eyes request as one action that opens onto its entries', async () => {
    const at = (minute: number) => `2026-12-06T12:0${minute}:00.000Z`;
    const base = {
      role: 'operator' as const,
      serviceId: 'svc-00000',
      operationId: 'flush-cache',
      params: { region: 'eu' },
      httpStatus: null,
      durationMs: null,
      reason: null,
    };
    const inputs: AuditEntryInput[] = [
      {
        ...base,
        at: at(0),
        actor: 'bob',
        action: 'confirm-requested',
        outcome: 'pending',
        approvalId: null,
      },
      {
        ...base,
        at: at(1),
        actor: 'bob',
        action: 'invoke',
        outcome: 'pending',
        httpStatus: 202,
        approvalId: 'apr-1',
      },
      {
        ...base,
        at: at(2),
        actor: 'carol',
        action: 'dry-run',
        outcome: 'ok',
        operationId: 'restart-workers',
        approvalId: null,
      },
      { ...base, at: at(3), actor: 'olga', action: 'approve', outcome: 'ok', approvalId: 'apr-1' },
      {
        ...base,
        at: at(4),
        actor: 'bob',
        action: 'invoke',
        outcome: 'ok',
        httpStatus: 202,
        durationMs: 41,
        approvalId: 'apr-1',
      },
    ];
    const audit: AuditEntry[] = [];
    for (const input of inputs) audit.push(chainAuditEntry(audit.at(-1), input));
    const { user } = renderPanel({ signedInAs: 'alice-token', path: '/audit', audit });
    await screen.findByRole('table', { name: 'Audit actions' });
    expect(rows()).toHaveLength(2);
    const [request, dryRun] = rows();
    expect(request).toHaveTextContent('Requested by bob → Approved by olga → Ran 202');
    expect(request).not.toHaveTextContent('Pending');
    expect(dryRun).toHaveTextContent('Dry run');
    const toggle = within(request!).getByRole('button', { name: /^4 entries/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const entries = screen.getByRole('table', {
      name: 'Entries of Requested by bob → Approved by olga → Ran 202',
    });
    expect(
      within(entries)
        .getAllByRole('row')
        .slice(1)
        .map((r) => (r as HTMLTableRowElement).cells[0]!.textContent),
    ).toEqual(['5', '4', '2', '1']);
    await user.click(toggle);
    expect(screen.queryByRole('table', { name: /^Entries of/ })).not.toBeInTheDocument();
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
