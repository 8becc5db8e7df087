import { useState } from 'react';
import { Card } from '@aether/ui';
import type { Approval } from '@aether/contract';
import { hasRole } from '../../../lib/roles';
import { useIdentity } from '@aether/panel-kit';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { RoleGateNotice } from '../../../components/role-gate-notice';
import { useApprovals } from '../hooks/use-approvals';
import { ApprovalCard } from './approval-card';
import { DecisionNotice } from './decision-notice';

/** The four-eyes inbox: requests waiting for a second operator first, then recent decisions. */
export function ApprovalsPage() {
  const user = useIdentity();
  const approvals = useApprovals();
  const [decidedId, setDecidedId] = useState<string | null>(null);
  if (!hasRole(user, 'operator')) return <RoleGateNotice required="operator" />;

  const onDecided = (decided: Approval) => {
    approvals.update((list) => list.map((a) => (a.id === decided.id ? decided : a)));
    setDecidedId(decided.id);
  };
  // The list's copy, so a result that comes later by an `approval` event shows here too.
  const justDecided =
    approvals.status === 'success' ? approvals.data.find((a) => a.id === decidedId) : undefined;
  const pending =
    approvals.status === 'success' ? approvals.data.filter((a) => a.status === 'pending') : [];
  const decided =
    approvals.status === 'success' ? approvals.data.filter((a) => a.status !== 'pending') : [];

  return (
    <div className="pi-stack">
      {justDecided && <DecisionNotice approval={justDecided} />}
      <Card title="Waiting for approval">
        {approvals.status === 'loading' && <LoadingRows label="Loading approvals" />}
        {approvals.status === 'error' && (
          <ProblemMessage
            error={approvals.error}
            onRetry={approvals.reload}
            context="Approvals could not be loaded"
          />
        )}
        {approvals.status === 'success' && pending.length === 0 && (
          <p className="pi-empty">Nothing is waiting for approval.</p>
        )}
        <ul className="pi-list pi-list--cards" aria-label="Pending requests">
          {pending.map((a) => (
            <li key={a.id}>
              <ApprovalCard approval={a} user={user} onDecided={onDecided} />
            </li>
          ))}
        </ul>
      </Card>
      {decided.length > 0 && (
        <Card title="Recently decided">
          <ul className="pi-list pi-list--cards" aria-label="Decided requests">
            {decided.map((a) => (
              <li key={a.id}>
                <ApprovalCard approval={a} user={user} onDecided={onDecided} />
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
