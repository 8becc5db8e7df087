import { z } from 'zod';
import { messageTitle, renderHtml, renderText } from '../message-text.js';
import { configFailure } from '../retry-classes.js';
import type { SendOutcome } from '../types.js';
import { displayHost, resolveFields, urlProblem } from './channel-fields.js';
import { ChannelId, DEFAULT_SEND_TIMEOUT_MS, type ChannelType } from './channel-type.js';

const EmailChannel = z.strictObject({
  id: ChannelId,
  type: z.literal('email'),
  /** smtp://user:pass@host:port or smtps://…; the password usually `${VAR}`. */
  smtp: z.string().min(1),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).min(1),
});
export type EmailChannelConfig = z.infer<typeof EmailChannel>;

/**
 * SMTP replies 4xx for "try again later" and 5xx for "never"; a connection that fails is
 * transient; bad credentials (EAUTH) will not fix themselves.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const message = e.message ?? String(error);
  if (typeof e.responseCode === 'number')
    return {
      outcome: 'failed',
      retryable: e.responseCode < 500,
      status: e.responseCode,
      error: message,
    };
  const permanent = e.code === 'EAUTH' || e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
  return { outcome: 'failed', retryable: !permanent, error: message };
}

export const emailChannel: ChannelType<typeof EmailChannel> = {
  type: 'email',
  schema: EmailChannel,
  validate(config) {
    const problem = urlProblem(config.smtp, ['smtp:', 'smtps:']);
    return problem ? [{ path: ['smtp'], message: problem }] : [];
  },
  create(config, context) {
    return {
      id: config.id,
      type: 'email',
      target: displayHost(config.smtp),
      async send(message) {
        // Addresses may hold `${VAR}` too: the whole channel stays unexpanded in the config.
        const fields: Record<string, string> = { smtp: config.smtp, from: config.from };
        config.to.forEach((address, i) => (fields[`to${i}`] = address));
        const { values, redactor, problem } = resolveFields(fields, context.env, ['smtp']);
        if (problem) return configFailure(problem);
        const to = config.to.map((_, i) => values[`to${i}`]!);
        const timeout = context.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
        // Loaded on first send: config checks and gateways without mail never pay for it.
        const { default: nodemailer } = await import('nodemailer');
        const transport = nodemailer.createTransport({
          url: values.smtp,
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: timeout,
        } as Parameters<typeof nodemailer.createTransport>[0]);
        try {
          const info = await transport.sendMail({
            from: values.from,
            to,
            subject: messageTitle(message),
            text: renderText(message),
            html: renderHtml(message),
            headers: { 'X-Aether-Delivery': message.id },
          });
          return { outcome: 'delivered', status: parseInt(String(info.response), 10) || 250 };
        } catch (error) {
          const outcome = classifySmtpError(error);
          if (outcome.outcome === 'failed') outcome.error = redactor.text(outcome.error);
          return outcome;
        } finally {
          transport.close();
        }
      },
    };
  },
};
