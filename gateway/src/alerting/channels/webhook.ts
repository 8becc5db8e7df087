import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Notification } from '../types.js';
import { validateHttpUrl } from './channel-fields.js';
import { ChannelId, type ChannelType } from './channel-type.js';
import { jsonPostNotifier } from './json-post-notifier.js';

const WebhookChannel = z.strictObject({
  id: ChannelId,
  type: z.literal('webhook'),
  url: z.string().min(1),
  /** HMAC-SHA256 key for X-Aether-Signature; usually `${VAR}`. */
  secret: z.string().min(1).optional(),
});
export type WebhookChannelConfig = z.infer<typeof WebhookChannel>;

/** The documented payload (PRODUCT.md "Webhook payload"); receivers rely on its shape. */
export function webhookPayload(message: Notification, sentAt: string) {
  return {
    version: 1 as const,
    kind: message.kind,
    groupKey: message.groupKey,
    sentAt,
    alerts: message.alerts,
  };
}

/** `sha256=<hex>` over the exact bytes sent, so a receiver verifies before parsing. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export const webhookChannel: ChannelType<typeof WebhookChannel> = {
  type: 'webhook',
  schema: WebhookChannel,
  validate: validateHttpUrl,
  create(config, context) {
    return jsonPostNotifier({
      config,
      context,
      fields: { url: config.url, secret: config.secret ?? '' },
      secretKeys: ['secret'],
      send(values, post, message, sentAt) {
        const body = JSON.stringify(webhookPayload(message, sentAt));
        const headers: Record<string, string> = { 'x-aether-delivery': message.id };
        if (values.secret) headers['x-aether-signature'] = webhookSignature(values.secret, body);
        return post(body, headers);
      },
    });
  },
};
