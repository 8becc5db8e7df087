import type { Alert, AlertList, AlertState, ApiClient } from '@aether/contract';

export function getAlerts(
  api: ApiClient,
  states: readonly AlertState[],
  signal: AbortSignal,
): Promise<AlertList> {
  return api.get<AlertList>('/api/alerts', { query: { state: states.join(',') }, signal });
}

export function acknowledgeAlert(api: ApiClient, id: string, comment: string): Promise<Alert> {
  return api.post<Alert>(`/api/alerts/${encodeURIComponent(id)}/ack`, {
    body: comment.trim() === '' ? {} : { comment: comment.trim() },
  });
}
