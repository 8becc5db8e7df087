import { z } from 'zod';
import { IsoDate } from './common.js';
import { CheckType } from './services.js';

/**
 * Alerts as the API shows them (PRODUCT.md "Alerting"): one service in one firing episode, with
 * every message that carried it and every delivery attempt of each message.
 */
export const AlertState = z.enum(['firing', 'resolved', 'held', 'suppressed', 'acknowledged']);
export type AlertState = z.infer<typeof AlertState>;

export const MessageKind = z.enum(['firing', 'resolved', 'reminder', 'escalation', 'test']);
export type MessageKind = z.infer<typeof MessageKind>;

/** One attempt to send one message: `status` is the HTTP status or SMTP reply code when there was one. */
export const DeliveryAttempt = z.object({
  at: IsoDate,
  outcome: z.enum(['delivered', 'retrying', 'failed']),
  status: z.number().int().optional(),
  error: z.string().optional(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const AlertMessage = z.object({
  /** The delivery id: `X-Aether-Delivery` on every attempt. */
  id: z.string(),
  channel: z.string(),
  kind: MessageKind,
  attempts: z.array(DeliveryAttempt),
});
export type AlertMessage = z.infer<typeof AlertMessage>;

export const Alert = z.object({
  id: z.string(),
  state: AlertState,
  severity: z.enum(['page', 'ticket']).optional(),
  service: z.object({
    id: z.string(),
    name: z.string(),
    group: z.string(),
    tags: z.array(z.string()),
  }),
  check: z.object({ id: z.string(), type: CheckType }),
  /** What fails, in words: the condition with expected vs actual. */
  cause: z.string(),
  since: IsoDate,
  resolvedAt: IsoDate.optional(),
  acknowledged: z
    .object({ by: z.string(), at: IsoDate, comment: z.string().optional() })
    .optional(),
  rootCause: z.object({ serviceId: z.string(), checkId: z.string() }).optional(),
  messages: z.array(AlertMessage),
});
export type Alert = z.infer<typeof Alert>;

export const AlertList = z.array(Alert);
export type AlertList = z.infer<typeof AlertList>;

/** GET /api/alerts: `state` may list several (firing,held). */
export const AlertListQuery = z.strictObject({
  state: z
    .string()
    .transform((value) => value.split(',').filter((s) => s !== ''))
    .pipe(z.array(AlertState))
    .optional(),
  service: z.string().min(1).optional(),
});
export type AlertListQuery = z.input<typeof AlertListQuery>;

/** POST /api/alerts/:id/ack */
export const AlertAckRequest = z.strictObject({ comment: z.string().max(2000).optional() });
export type AlertAckRequest = z.infer<typeof AlertAckRequest>;

/** GET /api/alerting/channels: never a secret, only where messages go. */
export const AlertChannel = z.object({
  id: z.string(),
  type: z.string(),
  /** The receiver's host (and port), never its path, user or key. */
  target: z.string(),
});
export type AlertChannel = z.infer<typeof AlertChannel>;
export const AlertChannelList = z.array(AlertChannel);
export type AlertChannelList = z.infer<typeof AlertChannelList>;

/** POST /api/alerting/channels/:id/test: the test message's first attempt. */
export const ChannelTestResult = z.object({ channel: z.string(), attempt: DeliveryAttempt });
export type ChannelTestResult = z.infer<typeof ChannelTestResult>;
