import type { ApiClient, ServiceList } from '@aether/contract';

export function getServices(api: ApiClient, signal?: AbortSignal): Promise<ServiceList> {
  return api.get<ServiceList>('/api/services', { signal });
}
