import { useMemo } from 'react';
import { useQuery, usePanelContext, usePanelEvent } from '@aether/panel-kit';
import { getFiringAlerts } from '../api/get-firing-alerts';

/**
 * The ids of the services with a firing alert, while `enabled` (the "Alerting" filter is on):
 * one GET /api/alerts?state=firing, then live `alert` events. Undefined while off or loading.
 */
export function useAlertingIds(enabled: boolean): ReadonlySet<string> | undefined {
  const { api } = usePanelContext();
  const query = useQuery<readonly string[]>(enabled ? 'firing-alerts' : null, async (signal) =>
    (await getFiringAlerts(api, signal)).map((a) => a.service.id),
  );
  usePanelEvent('alert', (alert) =>
    query.update((ids) => {
      const others = ids.filter((id) => id !== alert.service.id);
      return alert.state === 'firing' ? [...others, alert.service.id] : others;
    }),
  );
  const ids = enabled && query.status !== 'idle' ? query.data : undefined;
  return useMemo(() => (ids ? new Set(ids) : undefined), [ids]);
}
