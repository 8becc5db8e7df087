import type { AuditVerification } from '@aether/contract';
import { useIdentity, usePanelContext, useQuery } from '@aether/panel-kit';
import { verifyAudit } from '../api/audit-api';

/** Whether the hash chain is intact, or where it breaks (GET /api/audit/verify). */
export function useAuditVerification(enabled: boolean) {
  const { api } = usePanelContext();
  const user = useIdentity();
  return useQuery<AuditVerification>(enabled ? `audit-verify:${user.name}` : null, (signal) =>
    verifyAudit(api, signal),
  );
}
