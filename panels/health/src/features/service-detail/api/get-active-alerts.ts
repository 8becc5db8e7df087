import type { AlertList, AlertState, ApiClient } from '@aether/contract';

/** The states of an alert that is still going on (resolved ones are history). */
export const ACTIVE_ALERT_STATES: readonly AlertState[] = [
  'firing',
  'acknowledged',
  'held',
  'suppressed',
];

export function getActiveAlerts(
  api: ApiClient,
  serviceId: string,
  signal?: AbortSignal,
): Promise<AlertList> {
  const query = new URLSearchParams({
    service: serviceId,
    state: ACTIVE_ALERT_STATES.join(','),
  });
  return api.get<AlertList>(`/api/alerts?${query}`, { signal });
}
