import { Card, StatusBadge } from '@aether/ui';
import type { Approval } from '@aether/contract';
import { PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { formatInstant } from '../../../lib/format';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { ResultViewer } from '../../../components/result-viewer';
import type { RunState } from '../hooks/use-operation-run';

/** Whatever the last run led to: running, waiting for a second operator, declined, failed or a result. */
export function RunOutcome({ state }: { state: RunState }) {
  switch (state.step) {
    case 'idle':
    case 'confirming':
      return null;
    case 'running':
      return <LoadingRows label="Running the operation" rows={2} />;
    case 'failed':
      return <ProblemMessage error={state.error} context="The operation did not run" />;
    case 'pending':
      return (
        <Card title="Waiting for approval" aria-label="Waiting for approval">
          <div role="status" aria-live="polite">
            <StatusBadge status="degraded" label="Pending approval" />
            <p>
              Another operator must approve this request before it runs
              {state.approval
                ? ` (${state.approval.approvals.length} of ${state.approval.required} approvals, expires ${formatInstant(state.approval.expiresAt)})`
                : ''}
              . This page updates by itself.
            </p>
            <p className="pi-muted pi-small">
              Request {state.approvalId} · they will find it in{' '}
              <PanelLink to={routes.approvals()}>Approvals</PanelLink>.
            </p>
          </div>
        </Card>
      );
    case 'approved':
      return (
        <Card title="Running the approved request" aria-label="Running the approved request">
          <div role="status" aria-live="polite">
            <p>
              <Approved approval={state.approval} />
            </p>
            <p>The operation is running; its result appears here when it is done.</p>
          </div>
        </Card>
      );
    case 'declined':
      return <Declined approval={state.approval} />;
    case 'finished':
      return (
        <>
          {state.approval && (
            <p role="status" className="pi-notice pi-notice--ok">
              <Approved approval={state.approval} />
            </p>
          )}
          <ResultViewer result={state.result} />
        </>
      );
  }
}

function Approved({ approval }: { approval: Approval }) {
  return (
    <>
      <StatusBadge status="up" label="Approved" /> by {approval.decidedBy} at{' '}
      {approval.decidedAt ? formatInstant(approval.decidedAt) : 'an unknown time'}.
    </>
  );
}

function Declined({ approval }: { approval: Approval }) {
  const rejected = approval.status === 'rejected';
  return (
    <p role="status" className="pi-notice pi-notice--danger">
      <StatusBadge status="down" label={rejected ? 'Rejected' : 'Expired'} />{' '}
      {rejected
        ? `${approval.decidedBy ?? 'Another operator'} rejected this request; nothing was run.`
        : 'Nobody approved this request in time; nothing was run.'}
    </p>
  );
}
