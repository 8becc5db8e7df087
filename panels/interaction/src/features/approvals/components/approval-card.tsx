import { useState } from 'react';
import { Button } from '@aether/ui';
import type { Approval, Identity } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { formatInstant } from '../../../lib/format';
import { ParamsList } from '../../../components/params-list';
import { StateBadge } from '../../../components/state-badge';
import { useAction } from '../../../lib/use-action';
import { ProblemMessage } from '../../../components/problem-message';
import { RequestView } from '../../../components/request-view';
import { decideApproval } from '../api/approvals-api';
import { ApprovalOutcome } from './approval-outcome';
import { ApproveDialog } from './approve-dialog';

/**
 * One request: what, on which service, with which params, the exact request it sends, by whom;
 * approve (a second step shows the request again) or reject for anyone but its requester; once
 * run, its outcome.
 */
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
  const { busy, error, setError, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const mine = approval.requestedBy === user.name;
  const approvedByMe = !mine && approval.approvals.some((a) => a.actor === user.name);
  const headingId = `pi-approval-${approval.id}`;

  const reject = () => run(async () => onDecided(await decideApproval(api, approval.id, 'reject')));
  const approve = () =>
    run(async () => {
      const decided = await decideApproval(api, approval.id, 'approve');
      setConfirming(false);
      onDecided(decided);
    });
  const closeDialog = () => {
    setConfirming(false);
    setError(undefined);
  };

  return (
    <article className="pi-approval" aria-labelledby={headingId}>
      <header className="pi-approval__header">
        <h3 id={headingId} className="pi-subtitle">
          {approval.title} <span className="pi-muted">on {approval.serviceId}</span>
        </h3>
        <StateBadge state={approval.status} />
      </header>
      <ParamsList params={approval.params} />
      <p className="pi-muted pi-small">
        Requested by {approval.requestedBy} at {formatInstant(approval.requestedAt)} ·{' '}
        {approval.approvals.length} of {approval.required} approvals
        {approval.status === 'pending' ? ` · expires ${formatInstant(approval.expiresAt)}` : ''}
        {approval.decidedBy ? ` · ${approval.status} by ${approval.decidedBy}` : ''}
      </p>
      {approval.request &&
        (approval.status === 'pending' ? (
          <RequestView request={approval.request} label="Request to be sent" />
        ) : (
          <details className="pi-details">
            <summary>Request</summary>
            <RequestView
              request={approval.request}
              label={approval.status === 'approved' ? 'Request sent' : 'Request (not sent)'}
            />
          </details>
        ))}
      <ApprovalOutcome approval={approval} />
      {approval.status === 'pending' &&
        (mine ? (
          <p className="pi-note">Your own request: another operator must approve it.</p>
        ) : approvedByMe ? (
          <p className="pi-note">
            You approved it; {approval.required - approval.approvals.length} more approval(s) needed
            before it runs.
          </p>
        ) : (
          <div className="pi-actions">
            <Button
              variant="primary"
              size="sm"
              disabled={busy}
              onClick={() => {
                setError(undefined);
                setConfirming(true);
              }}
            >
              Approve…
            </Button>
            <Button variant="danger" size="sm" disabled={busy} onClick={() => void reject()}>
              Reject
            </Button>
          </div>
        ))}
      {confirming && (
        <ApproveDialog
          approval={approval}
          busy={busy}
          error={error}
          onConfirm={() => void approve()}
          onCancel={closeDialog}
        />
      )}
      {!confirming && error !== undefined && (
        <ProblemMessage error={error} context="The decision was not recorded" />
      )}
    </article>
  );
}
