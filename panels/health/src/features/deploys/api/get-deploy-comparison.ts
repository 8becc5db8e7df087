import type { ApiClient, DeployComparison } from '@aether/contract';

/** GET /api/deploys/:id/comparison: each deployed check, 15 minutes before vs since. */
export function getDeployComparison(
  api: ApiClient,
  id: string,
  signal?: AbortSignal,
): Promise<DeployComparison> {
  return api.get<DeployComparison>(`/api/deploys/${encodeURIComponent(id)}/comparison`, {
    signal,
  });
}
