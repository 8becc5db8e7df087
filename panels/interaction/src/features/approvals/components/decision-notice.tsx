import { useEffect, useRef } from 'react';
import type { Approval } from '@aether/contract';
import { ApprovalOutcome } from './approval-outcome';

/**
 * What the approver's own decision led to, at the top of the inbox: the card they acted on moves
 * to the decided list, so focus and the outcome land here instead of on the page's body.
 */
export function DecisionNotice({ approval }: { approval: Approval }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [approval.id]);
  const verb = approval.status === 'rejected' ? 'rejected' : 'approved';
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      aria-label="Your decision"
      className={`pi-notice ${verb === 'approved' ? 'pi-notice--ok' : 'pi-notice--danger'}`}
    >
      <p>
        You {verb} “{approval.title}” on {approval.serviceId}, requested by {approval.requestedBy}.
        {approval.status === 'pending' &&
          ` ${approval.required - approval.approvals.length} more approval(s) needed before it runs.`}
      </p>
      <ApprovalOutcome approval={approval} />
    </div>
  );
}
