import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@aether/contract';
import { chainAuditTrail, type AuditEntryInput } from '@aether/contract/fixtures';
import { lastRunOf } from './last-run';

/** Newest first, as GET /api/audit answers. */
const trail = (...inputs: Array<Partial<AuditEntryInput>>): AuditEntry[] =>
  chainAuditTrail(inputs, { actor: 'bob', operationId: 'flush-cache' }).reverse();

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
