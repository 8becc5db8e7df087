import { Button, StatusBadge, type StatusKind } from '@aether/ui';
import type { Approval, Identity } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { formatInstant, formatValue } from '../../../lib/format';
import { useAction } from '../../../lib/use-action';
import { ProblemMessage } from '../../../components/problem-message';
import { decideApproval } from '../api/approvals-api';

const STATUS: Record<Approval['status'], { kind: StatusKind; label: string }> = {
  pending: { kind: 'degraded', label: 'Pending' },
  approved: { kind: 'up', label: 'Approved' },
  rejected: { kind: 'down', label: 'Rejected' },
  expired: { kind: 'unknown', label: 'Expired' },
};

const DECISIONS = [
  { verb: 'approve', variant: 'primary', label: 'Approve' },
  { verb: 'reject', variant: 'danger', label: 'Reject' },
] as const;

/** One request: what, on which service, with which params, by whom; approve/reject for anyone but its requester. */
export function ApprovalCard({
  approval,
  user,
  onDecided,
}: {
  approval: Approval;
  user: Identity;
  onDecided: (a: Approval) => void;
}) {
  const { api } = usePanelContext();
  const { busy, error, run } = useAction();
  const mine = approval.requestedBy === user.name;
  const status = STATUS[approval.status];
  const headingId = `pi-approval-${approval.id}`;

  const decide = (verb: 'approve' | 'reject') =>
    run(async () => onDecided(await decideApproval(api, approval.id, verb)));

  return (
    <article className="pi-approval" aria-labelledby={headingId}>
      <header className="pi-approval__header">
        <h3 id={headingId} className="pi-subtitle">
          {approval.title} <span className="pi-muted">on {approval.serviceId}</span>
        </h3>
        <StatusBadge status={status.kind} label={status.label} size="sm" />
      </header>
      <dl className="pi-params" aria-label="Parameters">
        {Object.entries(approval.params).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd className="pi-code">{formatValue(value)}</dd>
          </div>
        ))}
      </dl>
      <p className="pi-muted pi-small">
        Requested by {approval.requestedBy} at {formatInstant(approval.requestedAt)} ·{' '}
        {approval.approvals.length} of {approval.required} approvals
        {approval.status === 'pending' ? ` · expires ${formatInstant(approval.expiresAt)}` : ''}
        {approval.decidedBy ? ` · ${status.label.toLowerCase()} by ${approval.decidedBy}` : ''}
      </p>
      {approval.status === 'pending' &&
        (mine ? (
          <p className="pi-note">Your own request: another operator must approve it.</p>
        ) : (
          <div className="pi-actions">
            {DECISIONS.map(({ verb, variant, label }) => (
              <Button
                key={verb}
                variant={variant}
                size="sm"
                disabled={busy}
                onClick={() => void decide(verb)}
              >
                {label}
              </Button>
            ))}
          </div>
        ))}
      {error !== undefined && (
        <ProblemMessage error={error} context="The decision was not recorded" />
      )}
    </article>
  );
}
