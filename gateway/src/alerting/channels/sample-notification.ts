import type { AlertInMessage, Notification } from '../types.js';

/** Alerts and messages as the dispatcher makes them, for channel tests. */
export function sampleAlert(
  serviceId: string,
  overrides: Partial<AlertInMessage> = {},
): AlertInMessage {
  return {
    id: `al-${serviceId}`,
    status: 'firing',
    service: { id: serviceId, name: `Service ${serviceId}`, group: 'shop', tags: ['prod'] },
    check: { id: 'health', type: 'http' },
    cause: 'status: expected 200, actual 503',
    since: '2026-01-01T00:00:00.000Z',
    url: `http://127.0.0.1:5173/p/health/services/${serviceId}`,
    ...overrides,
  };
}

export function sampleNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'msg-1',
    channelId: 'oncall',
    kind: 'firing',
    groupKey: 'route-0/oncall',
    alerts: [sampleAlert('orders')],
    ...overrides,
  };
}

export const SENT_AT = '2026-01-01T00:00:30.000Z';
