import { configFailure } from '../retry-classes.js';
import type { Notification, SendOutcome } from '../types.js';
import { displayHost, resolveFields } from './channel-fields.js';
import { DEFAULT_SEND_TIMEOUT_MS, type ChannelContext, type Notifier } from './channel-type.js';
import { postJson } from './post-json.js';

/** Posts one JSON body to the channel's resolved url. */
export type PostBody = (body: string, headers?: Record<string, string>) => Promise<SendOutcome>;

/**
 * The notifier of a channel that posts JSON to a url (webhook, Slack, PagerDuty): on every send
 * its fields are resolved from the environment (`${VAR}`, so rotation needs no reload), a field
 * that cannot be resolved fails the attempt as a config problem, and every credential — the
 * `secretKeys` ones even when written inline — is scrubbed from the outcome.
 */
export function jsonPostNotifier<K extends string>(options: {
  config: { id: string; type: string; url: string };
  context: ChannelContext;
  /** The channel's fields, `url` among them, as configured. */
  fields: Record<K | 'url', string>;
  secretKeys: readonly NoInfer<K | 'url'>[];
  send: (
    values: Record<K | 'url', string>,
    post: PostBody,
    message: Notification,
    sentAt: string,
  ) => Promise<SendOutcome>;
}): Notifier {
  const { config, context, fields, secretKeys, send } = options;
  return {
    id: config.id,
    type: config.type,
    target: displayHost(config.url),
    async send(message, sentAt) {
      const { values, redactor, problem } = resolveFields(fields, context.env, secretKeys);
      if (problem) return configFailure(problem);
      const post: PostBody = (body, headers) =>
        postJson(values.url, body, {
          ...(headers && { headers }),
          timeoutMs: context.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
          nowMs: context.now(),
          redactor,
        });
      return send(values, post, message, sentAt);
    },
  };
}
