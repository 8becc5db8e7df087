import { StatusBadge } from '@aether/ui';
import type { Approval } from '@aether/contract';
import { formatMs } from '../../../lib/format';

/**
 * What became of an approved request once the gateway ran it: the service's status code and how
 * long it took, or why it failed; "running" between the decision and the result.
 */
export function ApprovalOutcome({ approval }: { approval: Approval }) {
  if (approval.status !== 'approved') return null;
  const result = approval.result;
  if (!result)
    return (
      <p className="pi-small" aria-label="Outcome">
        <StatusBadge status="unknown" label="Running" size="sm" /> The gateway is sending the
        request; its result appears here.
      </p>
    );
  const response = result.response;
  const ok = result.outcome === 'completed';
  return (
    <p className="pi-small" aria-label="Outcome">
      <StatusBadge
        status={ok ? 'up' : 'down'}
        label={response ? `Ran ${response.status}` : 'Failed'}
        size="sm"
      />{' '}
      {response ? `in ${formatMs(response.durationMs)}` : ''}
      {result.error ? ` ${result.error}` : ''} · audit entry #{result.auditId}
    </p>
  );
}
