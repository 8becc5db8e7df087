import type { AuditEntry } from '@aether/contract';

/** What the trail says of an operation's latest run on a service, in a few words. */
export interface LastRun {
  at: string;
  /** Who asked for it (the requester of a four-eyes run, not its approver). */
  by: string;
  outcome: 'ran' | 'failed' | 'waiting' | 'rejected' | 'refused';
  /** "202", "timed out after 5 s", "waiting for approval"… */
  detail: string;
}

/**
 * The newest run of `operationId` in entries ordered newest first: an invoke (its status, or
 * waiting for approval), a rejection or a refusal. Dry runs and confirmations are not runs.
 */
export function lastRunOf(entries: readonly AuditEntry[], operationId: string): LastRun | null {
  const entry = entries.find(
    (e) =>
      e.operationId === operationId &&
      (e.action === 'invoke' || e.action === 'reject' || e.action === 'refuse'),
  );
  if (!entry) return null;
  const base = { at: entry.at, by: entry.actor };
  if (entry.action === 'reject')
    return { ...base, outcome: 'rejected', detail: `rejected by ${entry.actor}` };
  if (entry.action === 'refuse')
    return { ...base, outcome: 'refused', detail: entry.reason ?? 'refused' };
  if (entry.outcome === 'pending')
    return { ...base, outcome: 'waiting', detail: 'waiting for approval' };
  if (entry.outcome === 'ok')
    return { ...base, outcome: 'ran', detail: String(entry.httpStatus ?? 'ok') };
  return {
    ...base,
    outcome: 'failed',
    detail: entry.httpStatus !== null ? String(entry.httpStatus) : (entry.reason ?? 'failed'),
  };
}
