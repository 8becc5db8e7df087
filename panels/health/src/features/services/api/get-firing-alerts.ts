import type { AlertList, ApiClient } from '@aether/contract';

/** Every firing alert: asked once, when the "Alerting" filter is turned on. */
export function getFiringAlerts(api: ApiClient, signal?: AbortSignal): Promise<AlertList> {
  return api.get<AlertList>('/api/alerts?state=firing', { signal });
}
