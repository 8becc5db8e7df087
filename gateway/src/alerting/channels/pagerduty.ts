import { z } from 'zod';
import { alertLine, messageTitle } from '../message-text.js';
import type { AlertInMessage, Notification, SendOutcome } from '../types.js';
import { validateHttpUrl } from './channel-fields.js';
import { ChannelId, type ChannelType } from './channel-type.js';
import { jsonPostNotifier } from './json-post-notifier.js';

/** PagerDuty Events API v2; the only place this address is written. */
export const PAGERDUTY_EVENTS_V2_URL = 'https://events.pagerduty.com/v2/enqueue';

const PagerDutyChannel = z.strictObject({
  id: ChannelId,
  type: z.literal('pagerduty'),
  /** The integration's routing key: a credential, usually `${VAR}`. */
  routingKey: z.string().min(1),
  url: z.string().min(1).default(PAGERDUTY_EVENTS_V2_URL),
});
export type PagerDutyChannelConfig = z.infer<typeof PagerDutyChannel>;

type EventAction = 'trigger' | 'resolve';

/**
 * PagerDuty deduplicates by `dedup_key`, so each alert is its own event (the alert id as key):
 * a grouped message becomes one event per alert, and resending after a partial failure is
 * harmless.
 */
export function pagerDutyEvents(message: Notification, routingKey: string, sentAt: string) {
  if (message.kind === 'test') {
    const test = { routing_key: routingKey, dedup_key: `test-${message.id}` };
    return [
      {
        ...test,
        event_action: 'trigger' as EventAction,
        payload: {
          summary: messageTitle(message),
          source: 'aether-grid',
          severity: 'info',
          timestamp: sentAt,
        },
      },
      // A test must not leave an open incident behind.
      { ...test, event_action: 'resolve' as EventAction },
    ];
  }
  const action: EventAction = message.kind === 'resolved' ? 'resolve' : 'trigger';
  return message.alerts.map((alert) =>
    action === 'resolve'
      ? { routing_key: routingKey, event_action: action, dedup_key: alert.id }
      : {
          routing_key: routingKey,
          event_action: action,
          dedup_key: alert.id,
          payload: triggerPayload(alert, sentAt),
          links: [{ href: alert.url, text: 'Open in AETHER GRID' }],
        },
  );
}

function triggerPayload(alert: AlertInMessage, sentAt: string) {
  return {
    summary: alertLine(alert).slice(0, 1024),
    source: alert.service.id,
    severity: 'critical',
    timestamp: sentAt,
    component: alert.check.id,
    group: alert.service.group,
    custom_details: { cause: alert.cause, since: alert.since, tags: alert.service.tags },
  };
}

export const pagerDutyChannel: ChannelType<typeof PagerDutyChannel> = {
  type: 'pagerduty',
  schema: PagerDutyChannel,
  validate: validateHttpUrl,
  create(config, context) {
    return jsonPostNotifier({
      config,
      context,
      fields: { url: config.url, routingKey: config.routingKey },
      secretKeys: ['routingKey'],
      async send(values, post, message, sentAt) {
        let last: SendOutcome = { outcome: 'delivered' };
        for (const event of pagerDutyEvents(message, values.routingKey, sentAt)) {
          last = await post(JSON.stringify(event));
          // The rest would fail alike; the retry resends all, which dedup_key makes harmless.
          if (last.outcome === 'failed') return last;
        }
        return last;
      },
    });
  },
};
