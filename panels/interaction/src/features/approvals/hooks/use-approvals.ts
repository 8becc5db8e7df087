import type { ApprovalList } from '@aether/contract';
import { useIdentity, usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { hasRole } from '../../../lib/roles';
import { getApprovals } from '../api/approvals-api';

/** The four-eyes queue, kept current by `approval` events (new requests and decisions). */
export function useApprovals() {
  const { api } = usePanelContext();
  const user = useIdentity();
  const approvals = useQuery<ApprovalList>(
    hasRole(user, 'operator') ? `approvals:${user.name}` : null,
    (signal) => getApprovals(api, signal),
  );
  usePanelEvent('approval', (approval) =>
    approvals.update((list) =>
      list.some((a) => a.id === approval.id)
        ? list.map((a) => (a.id === approval.id ? approval : a))
        : [approval, ...list],
    ),
  );
  return approvals;
}
