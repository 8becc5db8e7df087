import type {
  ApiClient,
  MaintenanceList,
  MaintenanceRequest,
  MaintenanceState,
  MaintenanceWindow,
} from '@aether/contract';

export function getMaintenanceWindows(
  api: ApiClient,
  states: readonly MaintenanceState[],
  signal: AbortSignal,
): Promise<MaintenanceList> {
  return api.get<MaintenanceList>('/api/maintenance', {
    query: { state: states.join(',') },
    signal,
  });
}

export function openMaintenanceWindow(
  api: ApiClient,
  request: MaintenanceRequest,
): Promise<MaintenanceWindow> {
  return api.post<MaintenanceWindow>('/api/maintenance', { body: request });
}

export function endMaintenanceWindow(api: ApiClient, id: string): Promise<MaintenanceWindow> {
  return api.delete<MaintenanceWindow>(`/api/maintenance/${encodeURIComponent(id)}`);
}
