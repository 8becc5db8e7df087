import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@aether/contract';
import { chainAuditTrail, type AuditEntryInput } from '@aether/contract/fixtures';
import { groupAuditActions } from './audit-actions';

/** A chained trail from short descriptions, one entry a minute from 12:00. */
const trail = (...inputs: Array<Partial<AuditEntryInput>>): AuditEntry[] =>
  chainAuditTrail(inputs, {
    actor: 'bob',
    operationId: 'flush-cache',
    httpStatus: null,
    durationMs: null,
  });

const confirm = { action: 'confirm-requested', outcome: 'pending' } as const;
const requested = {
  action: 'invoke',
  outcome: 'pending',
  httpStatus: 202,
  approvalId: 'apr-1',
} as const;

describe('groupAuditActions', () => {
  it('makes one action of a four-eyes request: confirm, request, approval, run', () => {
    const entries = trail(
      confirm,
      requested,
      { actor: 'olga', action: 'approve', approvalId: 'apr-1' },
      { action: 'invoke', outcome: 'ok', httpStatus: 202, durationMs: 41, approvalId: 'apr-1' },
    );
    const [action, ...rest] = groupAuditActions([...entries].reverse());
    expect(rest).toEqual([]);
    expect(action!.steps).toEqual(['Requested by bob', 'Approved by olga', 'Ran 202']);
    expect(action!.outcome).toEqual({ kind: 'up', label: 'Ran 202' });
    expect(action!.entries.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(action!.actor).toBe('bob');
    expect(action!.subject).toBe('orders / flush-cache');
  });

  it.each<[string, Array<Partial<AuditEntryInput>>, string[], string]>([
    ['a confirmed run', [confirm, { httpStatus: 200 }], ['Ran 200'], 'Ran 200'],
    ['a confirmation never used', [confirm], ['Asked to confirm'], 'Not confirmed'],
    ['a run that failed', [{ outcome: 'error', httpStatus: 500 }], ['Ran 500'], 'Failed'],
    ['a timeout', [{ outcome: 'error', reason: 'timed out' }], ['Failed'], 'Failed'],
    [
      'a refused confirmation',
      [confirm, { action: 'refuse', outcome: 'refused' }],
      ['Refused'],
      'Refused',
    ],
    ['a request still waiting', [confirm, requested], ['Requested by bob'], 'Waiting for approval'],
    [
      'a rejected request',
      [requested, { actor: 'olga', action: 'reject', approvalId: 'apr-1' }],
      ['Requested by bob', 'Rejected by olga'],
      'Rejected',
    ],
    [
      'an expired request',
      [
        requested,
        {
          actor: 'system',
          role: null,
          action: 'refuse',
          outcome: 'refused',
          reason: 'approval expired: nobody approved within 15 minutes',
          approvalId: 'apr-1',
        },
      ],
      ['Requested by bob', 'Expired'],
      'Expired',
    ],
    [
      'a self-approval refused',
      [requested, { action: 'refuse', outcome: 'refused', approvalId: 'apr-1' }],
      ['Requested by bob', 'Refused'],
      'Refused',
    ],
    ['a dry run', [{ action: 'dry-run' }], ['Dry run'], 'OK'],
    [
      'a maintenance window',
      [{ action: 'maintenance-start', serviceId: '', operationId: '', target: 'maintenance:mw-1' }],
      ['Maintenance start'],
      'OK',
    ],
  ])('tells %s', (_, inputs, steps, outcome) => {
    const [action, ...rest] = groupAuditActions(trail(...inputs));
    expect(rest).toEqual([]);
    expect(action!.steps).toEqual(steps);
    expect(action!.outcome.label).toBe(outcome);
  });

  it('keeps apart what only looks alike: other actors, operations, a stale confirmation', () => {
    const entries = trail(
      confirm,
      { actor: 'carol', httpStatus: 200 }, // someone else's run
      { operationId: 'restart', httpStatus: 200 }, // another operation
    );
    expect(groupAuditActions(entries).map((a) => a.entries.map((e) => e.id))).toEqual([
      [3],
      [2],
      [1],
    ]);
    const late = trail(confirm, ...Array(11).fill({ action: 'dry-run', operationId: 'x' }), {
      httpStatus: 200,
    });
    expect(
      groupAuditActions(late).find((a) => a.entries.some((e) => e.id === 1))!.entries,
    ).toHaveLength(1);
  });

  it('orders actions by their newest entry, so a request approved later rises to the top', () => {
    const entries = trail(
      requested,
      { actor: 'carol', action: 'dry-run', operationId: 'restart' },
      { actor: 'olga', action: 'approve', approvalId: 'apr-1' },
    );
    const actions = groupAuditActions(entries);
    expect(actions.map((a) => a.key)).toEqual(['#1', '#2']);
    expect(actions[0]!.steps).toEqual(['Requested by bob', 'Approved by olga']);
  });
});
