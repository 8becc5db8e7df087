import type { AuditEntry, Deploy, ServiceSummary } from '@aether/contract';

/** The change recorded just before a service's problem: a deploy of it, or an operation run on it. */
export type ChangeBefore =
  | { kind: 'deploy'; at: string; deploy: Deploy }
  | { kind: 'operation'; at: string; entry: AuditEntry };

/**
 * Audit actions that change a service (an operation sent, or a four-eyes run approved); dry runs,
 * requests and refusals change nothing, and deploys come from the deploy API.
 */
const CHANGES: ReadonlySet<AuditEntry['action']> = new Set(['invoke', 'approve']);

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
    if (entry.serviceId === service.id && CHANGES.has(entry.action) && later(entry.at))
      best = { kind: 'operation', at: entry.at, entry };
  }
  return best;
}
