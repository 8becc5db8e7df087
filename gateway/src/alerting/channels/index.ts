import type { z } from 'zod';
import type { ChannelContext, ChannelType, Notifier } from './channel-type.js';
import { emailChannel } from './email.js';
import { pagerDutyChannel } from './pagerduty.js';
import { slackChannel } from './slack.js';
import { webhookChannel } from './webhook.js';

/**
 * Every kind of channel the gateway knows. Adding one (Teams, Opsgenie, ntfy) is a module
 * next to these and one line here: the config schema, config check and delivery pick it up.
 */
export const CHANNEL_TYPES = [
  webhookChannel,
  slackChannel,
  emailChannel,
  pagerDutyChannel,
] as const;

type Schemas = (typeof CHANNEL_TYPES)[number]['schema'];

/** The members of the config's `alerting.channels[]` union, one per type. */
export const CHANNEL_SCHEMAS = CHANNEL_TYPES.map((t) => t.schema) as unknown as readonly [
  Schemas,
  ...Schemas[],
];

/** One configured channel, of any known type. */
export type ChannelConfig = z.output<Schemas>;

export function channelType(type: string): ChannelType | undefined {
  return CHANNEL_TYPES.find((t) => t.type === type) as ChannelType | undefined;
}

/** The notifier of a configured channel. */
export function createNotifier(config: ChannelConfig, context: ChannelContext): Notifier {
  const kind = channelType(config.type);
  if (!kind) throw new Error(`unknown channel type ${config.type}`);
  return kind.create(config, context);
}

export type { ChannelContext, ChannelProblem, ChannelType, Notifier } from './channel-type.js';
