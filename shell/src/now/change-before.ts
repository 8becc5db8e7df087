import type { AuditEntry, Deploy, ServiceSummary } from '@aether/contract';

/** The change recorded just before a service's problem: a deploy of it, or an operation run on it. */
export type ChangeBefore =
  | { kind: 'deploy'; at: string; deploy: Deploy }
  | { kind: 'operation'; at: string; entry: AuditEntry };

/**
 * Whether an audit entry records an operation that was sent to the service. The gateway writes
 * `invoke` both for a run (outcome ok/error, or refused when a redirect was not followed: the
 * request still reached the service) and for a four-eyes request put in the queue (outcome
 * `pending`, 202): that request changed nothing until the last approval, whose run is an `invoke`
 * entry of its own. Approvals, rejections, dry runs and refusals change nothing; deploys come
 * from the deploy API.
 */
const ran = (entry: AuditEntry) => entry.action === 'invoke' && entry.outcome !== 'pending';

/**
 * The latest change to `service` at or before its `since` (the moment its status last changed):
 * its latest deploy that started by then, or the latest operation run on it, whichever is later.
 * A change after the problem began is not its cause; without `since`, the latest change counts.
 * Deploys come from the service's own list (GET /api/deploys?service=) when read, else the recent
 * deploys; entries from the audit trail (operators only: null for a viewer).
 */
export function changeBefore(
  service: Pick<ServiceSummary, 'id' | 'since'>,
  deploys: readonly Deploy[],
  audit: readonly AuditEntry[] | null,
): ChangeBefore | null {
  const until = service.since ? Date.parse(service.since) : Infinity;
  let best: ChangeBefore | null = null;
  const later = (at: string) =>
    Date.parse(at) <= until && (!best || Date.parse(at) > Date.parse(best.at));
  for (const deploy of deploys) {
    if (deploy.services.includes(service.id) && later(deploy.startedAt))
      best = { kind: 'deploy', at: deploy.startedAt, deploy };
  }
  for (const entry of audit ?? []) {
    if (entry.serviceId === service.id && ran(entry) && later(entry.at))
      best = { kind: 'operation', at: entry.at, entry };
  }
  return best;
}
