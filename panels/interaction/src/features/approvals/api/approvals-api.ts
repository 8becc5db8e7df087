import type { ApiClient, Approval, ApprovalList } from '@aether/contract';

export function getApprovals(api: ApiClient, signal: AbortSignal): Promise<ApprovalList> {
  return api.get<ApprovalList>('/api/approvals', { signal });
}

export function decideApproval(
  api: ApiClient,
  id: string,
  verb: 'approve' | 'reject',
): Promise<Approval> {
  return api.post<Approval>(`/api/approvals/${encodeURIComponent(id)}/${verb}`, { body: {} });
}
