import type { ApiClient, OperationList, ServiceList } from '@aether/contract';

export function getServices(api: ApiClient, signal: AbortSignal): Promise<ServiceList> {
  return api.get<ServiceList>('/api/services', { signal });
}

export function getOperations(
  api: ApiClient,
  serviceId: string,
  signal: AbortSignal,
): Promise<OperationList> {
  return api.get<OperationList>(`/api/services/${encodeURIComponent(serviceId)}/operations`, {
    signal,
  });
}
