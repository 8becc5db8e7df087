import type { ApiClient, IncidentList } from '@aether/contract';

export function getIncidents(
  api: ApiClient,
  id: string,
  signal?: AbortSignal,
): Promise<IncidentList> {
  return api.get<IncidentList>(`/api/services/${encodeURIComponent(id)}/incidents`, { signal });
}
