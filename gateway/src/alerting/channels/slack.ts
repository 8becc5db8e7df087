import { z } from 'zod';
import { alertLine, messageTitle } from '../message-text.js';
import type { Notification } from '../types.js';
import { validateHttpUrl } from './channel-fields.js';
import { ChannelId, type ChannelType } from './channel-type.js';
import { jsonPostNotifier } from './json-post-notifier.js';

/** A Slack-compatible incoming webhook: Mattermost and Rocket.Chat accept the same body. */
const SlackChannel = z.strictObject({
  id: ChannelId,
  type: z.literal('slack'),
  /** The incoming-webhook URL is itself the secret: usually `${VAR}`. */
  url: z.string().min(1),
});
export type SlackChannelConfig = z.infer<typeof SlackChannel>;

/** Slack allows 50 blocks a message; past this many alerts the rest are counted, not listed. */
const MAX_LISTED = 20;

export function slackPayload(message: Notification) {
  const text = messageTitle(message);
  const listed = message.alerts.slice(0, MAX_LISTED);
  const blocks: object[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwn(text)}*` } },
  ];
  for (const alert of listed)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${mrkdwn(alertLine(alert))}\n<${alert.url}|Open in AETHER GRID>`,
      },
    });
  const more = message.alerts.length - listed.length;
  if (more > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${more} more` }] });
  return { text, blocks };
}

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const slackChannel: ChannelType<typeof SlackChannel> = {
  type: 'slack',
  schema: SlackChannel,
  validate: validateHttpUrl,
  create(config, context) {
    return jsonPostNotifier({
      config,
      context,
      fields: { url: config.url },
      // The URL's path is the credential: scrubbed from errors even when written inline.
      secretKeys: ['url'],
      send: (_values, post, message) => post(JSON.stringify(slackPayload(message))),
    });
  },
};
