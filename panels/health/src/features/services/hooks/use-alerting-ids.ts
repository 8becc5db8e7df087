import { useEffect, useMemo, useState } from 'react';
import { usePanelContext, usePanelEvent } from '@aether/panel-kit';
import { getFiringAlerts } from '../api/get-firing-alerts';

/**
 * The ids of the services with a firing alert, while `enabled` (the "Alerting" filter is on):
 * one GET /api/alerts?state=firing, then live `alert` events. Undefined while off or loading.
 * A plain effect, not useQuery: the list's first view does not carry the data hook's chunk.
 */
export function useAlertingIds(enabled: boolean): ReadonlySet<string> | undefined {
  const { api } = usePanelContext();
  const [ids, setIds] = useState<readonly string[] | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    getFiringAlerts(api, controller.signal).then(
      (alerts) => setIds(alerts.map((a) => a.service.id)),
      () => {}, // unknown: the filter shows nothing rather than everything
    );
    return () => {
      controller.abort();
      setIds(undefined);
    };
  }, [api, enabled]);
  usePanelEvent('alert', (alert) =>
    setIds((current) => {
      if (!current) return current;
      const others = current.filter((id) => id !== alert.service.id);
      return alert.state === 'firing' ? [...others, alert.service.id] : others;
    }),
  );
  return useMemo(() => (enabled && ids ? new Set(ids) : undefined), [enabled, ids]);
}
