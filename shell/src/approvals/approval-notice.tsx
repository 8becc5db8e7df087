import { Button } from '@aether/ui';
import { panelHref } from '../navigation/location-store';
import { useDeclaredLink } from '../now/use-declared-link';
import { useLocationUrl, useServices } from '../services-context';
import { useWaitingApprovals } from './waiting-approvals';

/**
 * "Bob asks to run Flush cache on orders": said once, politely (a live region, no focus theft),
 * wherever the operator is in the app, when a request they could approve arrives. It goes away
 * when dismissed, opened, or decided by someone else.
 */
export function ApprovalNotice() {
  const { arrived, dismiss } = useWaitingApprovals();
  const { location } = useServices();
  // looked up once a request arrives: it loads panels' code
  const approvals = useDeclaredLink('approvals', arrived !== null);
  const queueHref = approvals && panelHref(approvals.panelId, approvals.template);
  // On the queue itself the request shows up in the list: no notice over it.
  const onQueue = useLocationUrl() === queueHref;
  return (
    <div className="approval-notice__region" role="status" aria-live="polite">
      {arrived && !onQueue && (
        <div className="approval-notice" aria-label="New approval request">
          <p className="approval-notice__text">
            <strong>{arrived.requestedBy}</strong> asks to run <strong>{arrived.title}</strong> on{' '}
            {arrived.serviceId}; it needs your approval.
          </p>
          <div className="approval-notice__actions">
            {queueHref && (
              <Button
                size="sm"
                variant="primary"
                onClick={() => {
                  dismiss();
                  location.navigate(queueHref!);
                }}
              >
                Review
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={dismiss}>
              Dismiss
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
