import type { ApiClient, History } from '@aether/contract';

export interface HistoryRequest {
  from: number;
  to: number;
  step: string;
  check?: string;
}

export function getHistory(
  api: ApiClient,
  id: string,
  { from, to, step, check }: HistoryRequest,
  signal?: AbortSignal,
): Promise<History> {
  return api.get<History>(`/api/services/${encodeURIComponent(id)}/history`, {
    query: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), step, check },
    signal,
  });
}
