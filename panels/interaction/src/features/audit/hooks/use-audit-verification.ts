import type { AuditVerification } from '@aether/contract';
import { usePanelContext } from '../../../app/panel-context';
import { useIdentity } from '../../../shared/use-identity';
import { useResource } from '../../../shared/use-resource';
import { verifyAudit } from '../api/audit-api';

/** Whether the hash chain is intact, or where it breaks (GET /api/audit/verify). */
export function useAuditVerification(enabled: boolean) {
  const { api } = usePanelContext();
  const user = useIdentity();
  return useResource<AuditVerification>(enabled ? `audit-verify:${user.name}` : null, (signal) =>
    verifyAudit(api, signal),
  );
}
