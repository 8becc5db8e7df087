import type { AlertList, AlertState, EventPayload } from '@aether/contract';
import { useIdentity, usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { getAlerts } from '../api/alerts-api';

/** What the Alerts page lists: everything still open, and the resolved ones the gateway keeps. */
export const LISTED_STATES: readonly AlertState[] = [
  'firing',
  'acknowledged',
  'held',
  'suppressed',
  'resolved',
];

/**
 * An `alert` event carries the alert without its messages: keep the messages already loaded, and
 * start a new alert with none (the next load brings them).
 */
export function mergeAlertEvent(list: AlertList, event: EventPayload<'alert'>): AlertList {
  const known = list.find((a) => a.id === event.id);
  if (!known) return [{ ...event, messages: [] }, ...list];
  return list.map((a) => (a.id === event.id ? { ...event, messages: a.messages } : a));
}

/** Every listed alert, kept current by `alert` events. */
export function useAlerts() {
  const { api } = usePanelContext();
  const user = useIdentity();
  const alerts = useQuery<AlertList>(user.role ? `alerts:${user.name}` : null, (signal) =>
    getAlerts(api, LISTED_STATES, signal),
  );
  usePanelEvent('alert', (event) => alerts.update((list) => mergeAlertEvent(list, event)));
  return alerts;
}
