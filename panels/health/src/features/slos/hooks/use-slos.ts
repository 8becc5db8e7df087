import { useEffect } from 'react';
import { usePanelContext, useQuery, type Query } from '@aether/panel-kit';
import { getSloBudget, getSlos } from '../api/get-slos';

/** SLOs move over minutes, not seconds: asked again this often while a page shows them. */
export const SLO_REFRESH_MS = 60_000;

/** Every SLO now (GET /api/slos), asked again every minute; the last answer stays while it reloads. */
export function useSlos() {
  const { api } = usePanelContext();
  return useRefreshed(useQuery('slos', (signal) => getSlos(api, signal)));
}

/**
 * One service's budget over its window and its figures now (404: the service has no SLO), asked
 * again every minute like the list.
 */
export function useSloBudget(serviceId: string) {
  const { api } = usePanelContext();
  return useRefreshed(
    useQuery(`slo|${serviceId}`, (signal) => getSloBudget(api, serviceId, signal)),
  );
}

/** Asks a query again every SLO_REFRESH_MS while the component that reads it is mounted. */
function useRefreshed<T>(query: Query<T>): Query<T> {
  const { reload } = query;
  useEffect(() => {
    const timer = setInterval(reload, SLO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return query;
}
