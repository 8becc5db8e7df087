import { useEffect, useRef } from 'react';
import { usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { getIncidents } from '../api/get-incidents';
import { applyStatusEvent } from '../live-incidents';

/** How long after a status event the stored list is read again (the gateway writes it async). */
export const INCIDENTS_REREAD_MS = 1_500;

/**
 * The service's incidents, kept current while the page is open: a `status` event of the service
 * opens or closes its incident in place at once, and the stored list is read again shortly after
 * (its causes and ids are the gateway's).
 */
export function useIncidents(id: string) {
  const { api } = usePanelContext();
  const query = useQuery(`incidents|${id}`, (signal) => getIncidents(api, id, signal));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { update, reload } = query;
  usePanelEvent('status', (event) => {
    if (event.serviceId !== id) return;
    update((incidents) => applyStatusEvent(incidents, event));
    clearTimeout(timer.current);
    timer.current = setTimeout(reload, INCIDENTS_REREAD_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), [id]);
  return query;
}
