import { Button, Dialog } from '@aether/ui';
import type { Approval } from '@aether/contract';
import { ParamsSection } from '../../../components/params-list';
import { ProblemMessage } from '../../../components/problem-message';
import { RequestView } from '../../../components/request-view';

/**
 * The approver's second step: the exact request the gateway will send (secrets redacted) and who
 * asked for it, before the approval that may run it. Cancel is focused first, as in the
 * operation's own confirm dialog.
 */
export function ApproveDialog({
  approval,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  approval: Approval;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const remaining = approval.required - approval.approvals.length;
  const runs = remaining <= 1;
  return (
    <Dialog
      open
      onClose={onCancel}
      title={`Approve “${approval.title}” on ${approval.serviceId}?`}
      description={
        runs
          ? `Yours is the last approval needed: the gateway sends this request for ${approval.requestedBy} as soon as you approve.`
          : `${remaining - 1} more approval(s) are needed after yours before it runs.`
      }
    >
      <div className="pi-dialog-body">
        <ParamsSection params={approval.params} />
        <h3 className="pi-subtitle">Request</h3>
        {approval.request ? (
          <RequestView request={approval.request} label="Request to be sent" />
        ) : (
          <p className="pi-note">
            Its operation is no longer in the gateway’s config, so there is no request to show.
          </p>
        )}
        {error !== undefined && (
          <ProblemMessage error={error} context="The approval was not recorded" />
        )}
      </div>
      <div className="pi-actions">
        <Button onClick={onCancel} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Approving…' : runs ? 'Approve and run' : 'Approve'}
        </Button>
      </div>
    </Dialog>
  );
}
