import { useEffect } from 'react';
import { usePanelContext, useQuery } from '@aether/panel-kit';
import { getSloBudget, getSlos } from '../api/get-slos';

/** SLOs move over minutes, not seconds: asked again this often while a page shows them. */
export const SLO_REFRESH_MS = 60_000;

/** Every SLO now (GET /api/slos), asked again every minute; the last answer stays while it reloads. */
export function useSlos() {
  const { api } = usePanelContext();
  const query = useQuery('slos', (signal) => getSlos(api, signal));
  const { reload } = query;
  useEffect(() => {
    const timer = setInterval(reload, SLO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return query;
}

/**
 * One service's budget over its window and its figures now (404: the service has no SLO), asked
 * again every minute like the list.
 */
export function useSloBudget(serviceId: string) {
  const { api } = usePanelContext();
  const query = useQuery(`slo|${serviceId}`, (signal) => getSloBudget(api, serviceId, signal));
  const { reload } = query;
  useEffect(() => {
    const timer = setInterval(reload, SLO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return query;
}
