import type { MaintenanceList, MaintenanceState, MaintenanceWindow } from '@aether/contract';
import { useIdentity, usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { getMaintenanceWindows } from '../api/maintenance-api';

const LISTED: readonly MaintenanceState[] = ['active', 'scheduled'];

/** Puts a window in the list as it is now, or takes it out once it has ended. */
export function upsertWindow(list: MaintenanceList, window: MaintenanceWindow): MaintenanceList {
  const rest = list.filter((w) => w.id !== window.id);
  return window.state === 'ended' ? rest : [window, ...rest];
}

/**
 * Active and scheduled windows. A `maintenance` event with a window (opened or ended through the
 * API) is applied in place; one without (a start or end time passed) asks the gateway again.
 */
export function useMaintenanceWindows() {
  const { api } = usePanelContext();
  const user = useIdentity();
  const windows = useQuery<MaintenanceList>(
    user.role ? `maintenance:${user.name}` : null,
    (signal) => getMaintenanceWindows(api, LISTED, signal),
  );
  usePanelEvent('maintenance', (event) => {
    const { window } = event;
    if (window) windows.update((list) => upsertWindow(list, window));
    else windows.reload();
  });
  return windows;
}
