import type { AuditEntry } from '@aether/contract';
import type { StatusKind } from '@aether/ui';

/** One thing a person did, as the trail tells it: its entries oldest first and how it ended. */
export interface AuditAction {
  /** Stable across re-renders and new pages: the id of its first entry. */
  key: string;
  entries: AuditEntry[];
  /** Who started it (the requester of a four-eyes request). */
  actor: string;
  /** "orders / flush-cache", or the target of a non-operation entry ("maintenance:mw-1"). */
  subject: string;
  /** Its steps in words: ["Requested by bob", "Approved by olga", "Ran 202"]. */
  steps: string[];
  outcome: { kind: StatusKind; label: string };
  /** When its newest entry was written. */
  at: string;
}

/** How long a confirmation may stand before the invoke it asked for (the gateway's tokens live less). */
const CONFIRM_WINDOW_MS = 10 * 60_000;

/**
 * Groups a trail (in any order) into actions, newest action first. Entries that share an
 * approval id are one action (request, approvals, rejection or expiry, the run); a
 * `confirm-requested` joins the next invoke or refusal of the same actor, service and operation
 * within the confirmation window (the entries carry no token, so that is what ties them), and a
 * four-eyes request's approval id then joins that action too. Everything else is an action of its own.
 */
export function groupAuditActions(entries: readonly AuditEntry[]): AuditAction[] {
  const oldestFirst = [...entries].sort((a, b) => a.id - b.id);
  const groups = new Map<string, AuditEntry[]>();
  const byApproval = new Map<string, string>();
  const openConfirm = new Map<string, { key: string; at: number }>();

  const add = (key: string, entry: AuditEntry) => {
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  };
  const slotOf = (e: AuditEntry) => `${e.actor}\u0000${e.serviceId}\u0000${e.operationId}`;
  const takeConfirm = (entry: AuditEntry): string | undefined => {
    if (!entry.serviceId || (entry.action !== 'invoke' && entry.action !== 'refuse')) return;
    const slot = openConfirm.get(slotOf(entry));
    if (!slot) return;
    openConfirm.delete(slotOf(entry));
    return Date.parse(entry.at) - slot.at <= CONFIRM_WINDOW_MS ? slot.key : undefined;
  };

  for (const entry of oldestFirst) {
    const own = `#${entry.id}`;
    if (entry.approvalId) {
      let key = byApproval.get(entry.approvalId);
      if (!key) {
        key = takeConfirm(entry) ?? own;
        byApproval.set(entry.approvalId, key);
      }
      add(key, entry);
    } else if (entry.action === 'confirm-requested') {
      openConfirm.set(slotOf(entry), { key: own, at: Date.parse(entry.at) });
      add(own, entry);
    } else {
      add(takeConfirm(entry) ?? own, entry);
    }
  }

  return [...groups.entries()]
    .map(([key, group]) => describe(key, group))
    .sort((a, b) => b.entries.at(-1)!.id - a.entries.at(-1)!.id);
}

function describe(key: string, entries: AuditEntry[]): AuditAction {
  const first = entries[0]!;
  const last = entries.at(-1)!;
  const steps = entries.map(stepOf).filter((s): s is string => s !== null);
  return {
    key,
    entries,
    actor:
      first.actor === 'system'
        ? (entries.find((e) => e.actor !== 'system')?.actor ?? 'system')
        : first.actor,
    subject: first.serviceId ? `${first.serviceId} / ${first.operationId}` : (first.target ?? ''),
    steps: steps.length > 0 ? steps : [label(first.action)],
    outcome: outcomeOf(entries),
    at: last.at,
  };
}

/** One entry as a step; a confirmation that led somewhere says nothing of its own. */
function stepOf(entry: AuditEntry, index: number, all: AuditEntry[]): string | null {
  switch (entry.action) {
    case 'confirm-requested':
      return all.length === 1 ? 'Asked to confirm' : null;
    case 'dry-run':
      return 'Dry run';
    case 'invoke':
      if (entry.outcome === 'pending') return `Requested by ${entry.actor}`;
      if (entry.httpStatus !== null) return `Ran ${entry.httpStatus}`;
      return entry.outcome === 'refused' ? 'Refused' : 'Failed';
    case 'approve':
      return `Approved by ${entry.actor}`;
    case 'reject':
      return entry.reason === 'withdrawn by the requester'
        ? `Withdrawn by ${entry.actor}`
        : `Rejected by ${entry.actor}`;
    case 'refuse':
      if (entry.actor === 'system' && entry.reason?.startsWith('approval expired'))
        return 'Expired';
      return index > 0 && all[index - 1]!.actor !== entry.actor
        ? `Refused ${entry.actor}`
        : 'Refused';
    default:
      return label(entry.action);
  }
}

function outcomeOf(entries: AuditEntry[]): AuditAction['outcome'] {
  const ran = entries.findLast((e) => e.action === 'invoke' && e.outcome !== 'pending');
  if (ran) {
    if (ran.outcome === 'ok')
      return { kind: 'up', label: ran.httpStatus ? `Ran ${ran.httpStatus}` : 'OK' };
    return { kind: 'down', label: ran.outcome === 'refused' ? 'Refused' : 'Failed' };
  }
  const last = entries.at(-1)!;
  if (last.action === 'reject') return { kind: 'down', label: 'Rejected' };
  if (last.action === 'refuse')
    return stepOf(last, entries.length - 1, entries) === 'Expired'
      ? { kind: 'unknown', label: 'Expired' }
      : { kind: 'down', label: 'Refused' };
  if (last.action === 'confirm-requested') return { kind: 'unknown', label: 'Not confirmed' };
  if (entries.some((e) => e.approvalId)) return { kind: 'degraded', label: 'Waiting for approval' };
  if (last.outcome === 'error') return { kind: 'down', label: 'Error' };
  if (last.outcome === 'refused') return { kind: 'down', label: 'Refused' };
  return { kind: 'up', label: 'OK' };
}

function label(action: AuditEntry['action']): string {
  const words = action.replace(/-/g, ' ');
  return words[0]!.toUpperCase() + words.slice(1);
}
