import { StatusBadge, type StatusKind } from '@aether/ui';
import type { Alert, Approval, AuditEntry } from '@aether/contract';

/** Every state word the panel shows as a badge: an alert's state, a request's, an audit outcome. */
export type BadgeState = Alert['state'] | Approval['status'] | AuditEntry['outcome'];

/**
 * The panel's one state → badge table: how bad each state reads (its colour and icon) and its
 * word, so a word such as "pending" looks the same on a request and in the audit trail.
 */
const BADGES: Record<BadgeState, [kind: StatusKind, label: string]> = {
  firing: ['down', 'Firing'],
  acknowledged: ['degraded', 'Acknowledged'],
  held: ['unknown', 'Held'],
  suppressed: ['unknown', 'Suppressed'],
  resolved: ['up', 'Resolved'],
  pending: ['degraded', 'Pending'],
  approved: ['up', 'Approved'],
  rejected: ['down', 'Rejected'],
  expired: ['unknown', 'Expired'],
  ok: ['up', 'OK'],
  error: ['down', 'Error'],
  refused: ['down', 'Refused'],
};

/** A small status badge for a state of an alert, a four-eyes request or an audit entry. */
export function StateBadge({ state }: { state: BadgeState }) {
  const [kind, label] = BADGES[state];
  return <StatusBadge status={kind} label={label} size="sm" />;
}
