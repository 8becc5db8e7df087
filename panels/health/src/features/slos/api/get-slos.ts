import type { ApiClient, SloBudgetSeries, SloList } from '@aether/contract';

export function getSlos(api: ApiClient, signal?: AbortSignal): Promise<SloList> {
  return api.get<SloList>('/api/slos', { signal });
}

/** The budget's remaining ratio over the SLO's last window (the gateway's default range). */
export function getSloBudget(
  api: ApiClient,
  serviceId: string,
  signal?: AbortSignal,
): Promise<SloBudgetSeries> {
  return api.get<SloBudgetSeries>(`/api/services/${encodeURIComponent(serviceId)}/slo`, {
    signal,
  });
}
