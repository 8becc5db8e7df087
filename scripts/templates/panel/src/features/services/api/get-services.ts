import type { ApiClient, ServiceList } from '@aether/contract';

/** Every request of this feature lives in its api/ folder, one function per call. */
export function getServices(api: ApiClient, signal: AbortSignal): Promise<ServiceList> {
  return api.get<ServiceList>('/api/services', { signal });
}
