import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@aether/contract';
import { chainAuditEntry, type AuditEntryInput } from '@aether/contract/fixtures';
import { lastRunOf } from './last-run';

/** Newest first, as GET /api/audit answers. */
function trail(...inputs: Array<Partial<AuditEntryInput>>): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const [i, input] of inputs.entries())
    entries.push(
      chainAuditEntry(entries.at(-1), {
        at: new Date(Date.parse('2026-12-06T12:00:00.000Z') + i * 60_000).toISOString(),
        actor: 'bob',
        role: 'operator',
        action: 'invoke',
        serviceId: 'orders',
        operationId: 'flush-cache',
        params: {},
        outcome: 'ok',
        httpStatus: 202,
        durationMs: 40,
        reason: null,
        approvalId: null,
        ...input,
      }),
    );
  return entries.reverse();
}

describe('lastRunOf', () => {
  it.each<[string, Array<Partial<AuditEntryInput>>, object | null]>([
    ['nothing in the trail', [{ operationId: 'other' }], null],
    ['a dry run is not a run', [{ action: 'dry-run' }], null],
    [
      'the newest run, not a dry run after it',
      [{ httpStatus: 202 }, { action: 'dry-run', actor: 'carol' }],
      { outcome: 'ran', detail: '202', by: 'bob' },
    ],
    [
      'a failure with its status or reason',
      [{ outcome: 'error', httpStatus: null, reason: 'timed out after 5 s' }],
      { outcome: 'failed', detail: 'timed out after 5 s' },
    ],
    [
      'a request waiting for approval',
      [{ outcome: 'pending', approvalId: 'a1' }],
      { outcome: 'waiting', by: 'bob' },
    ],
    [
      'a rejection',
      [
        { outcome: 'pending', approvalId: 'a1' },
        { action: 'reject', actor: 'olga', approvalId: 'a1' },
      ],
      { outcome: 'rejected', detail: 'rejected by olga' },
    ],
  ])('%s', (_, inputs, expected) => {
    const last = lastRunOf(trail(...inputs), 'flush-cache');
    if (expected === null) expect(last).toBeNull();
    else expect(last).toMatchObject(expected);
  });
});
