import type { ApiClient, ServiceDetail } from '@aether/contract';

export function getServiceDetail(
  api: ApiClient,
  id: string,
  signal?: AbortSignal,
): Promise<ServiceDetail> {
  return api.get<ServiceDetail>(`/api/services/${encodeURIComponent(id)}`, { signal });
}
