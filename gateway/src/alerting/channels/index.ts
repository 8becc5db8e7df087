import type { ChannelType } from './channel-type.js';
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

type ConfigOf<T> = T extends ChannelType<infer C> ? C : never;
/** One configured channel, of any known type. */
export type ChannelConfig = ConfigOf<(typeof CHANNEL_TYPES)[number]>;

export function channelType(type: string): ChannelType<ChannelConfig> | undefined {
  return CHANNEL_TYPES.find((t) => t.type === type) as ChannelType<ChannelConfig> | undefined;
}

export type { ChannelContext, ChannelProblem, ChannelType, Notifier } from './channel-type.js';
