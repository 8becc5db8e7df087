import { useQuery, usePanelContext, usePanelEvent } from '@aether/panel-kit';
import type { Alert } from '@aether/contract';
import { ACTIVE_ALERT_STATES, getActiveAlerts } from '../api/get-active-alerts';

/** An alert as the live `alert` event carries it: without its messages. */
export type ActiveAlert = Omit<Alert, 'messages'>;

/**
 * The service's active alert (the newest one not resolved), or null; live `alert` events of this
 * service replace it in place, and a resolved one drops it.
 */
export function useActiveAlert(serviceId: string): ActiveAlert | null {
  const { api } = usePanelContext();
  const query = useQuery<readonly ActiveAlert[]>(`active-alerts|${serviceId}`, (signal) =>
    getActiveAlerts(api, serviceId, signal),
  );
  usePanelEvent('alert', (alert) => {
    if (alert.service.id !== serviceId) return;
    query.update((alerts) => {
      const others = alerts.filter((a) => a.id !== alert.id);
      return ACTIVE_ALERT_STATES.includes(alert.state) ? [alert, ...others] : others;
    });
  });
  const alerts = query.data ?? [];
  return alerts.reduce<ActiveAlert | null>(
    (newest, a) => (!newest || Date.parse(a.since) > Date.parse(newest.since) ? a : newest),
    null,
  );
}
