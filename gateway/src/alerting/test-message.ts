import { randomUUID } from 'node:crypto';
import type { Notification } from './types.js';

/** The `test` message of POST /api/alerting/channels/:id/test. */
export function testNotification(channelId: string, id = `msg-${randomUUID()}`): Notification {
  return { id, channelId, kind: 'test', groupKey: `test/${channelId}`, alerts: [] };
}
