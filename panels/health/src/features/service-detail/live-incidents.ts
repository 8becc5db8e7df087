import type { Incident, StatusEvent } from '@aether/contract';

const opens = (status: StatusEvent['status']): status is Incident['status'] =>
  status === 'down' || status === 'degraded';

/**
 * The incident list as a live `status` event of its service changes it, until the stored list is
 * read again: the gateway writes incidents after it publishes the event, so a read right then can
 * miss the new one. The check that changed closes its open incident (at the event's `since`); a
 * change to down or degraded opens one (id `live:…`, replaced by the stored one on the next read).
 */
export function applyStatusEvent(incidents: readonly Incident[], event: StatusEvent): Incident[] {
  const at = Date.parse(event.since);
  const closed = incidents.map((i) =>
    i.checkId === event.checkId && i.endedAt === null && Date.parse(i.startedAt) <= at
      ? { ...i, endedAt: event.since, durationMs: Math.max(0, at - Date.parse(i.startedAt)) }
      : i,
  );
  if (!opens(event.status)) return closed;
  const opened: Incident = {
    id: `live:${event.checkId}:${event.since}`,
    serviceId: event.serviceId,
    checkId: event.checkId,
    status: event.status,
    startedAt: event.since,
    endedAt: null,
    durationMs: null,
    cause: `Check ${event.checkId} is ${event.status}`,
  };
  return [opened, ...closed];
}
