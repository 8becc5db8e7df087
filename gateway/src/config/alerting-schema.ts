import { z } from 'zod';
import { CHANNEL_SCHEMAS } from '../alerting/channels/index.js';
import { duration, Id } from './schema-fields.js';

/**
 * `alerting` and `maintenance` of the config (PRODUCT.md "Alerting", "Maintenance windows").
 * Channel fields keep their `${VAR}` text (see env-references.ts): notifiers resolve them at
 * send time, so a rotated secret needs no reload and the running config never holds one.
 * Rules that span fields (known channel ids, cron, timezone) are in alerting-checks.ts.
 */

export const Severity = z.enum(['page', 'ticket']);

/** Which services a window covers: every key given must fit (AND), any value of a key (OR). */
export const ServiceMatch = z.strictObject({
  services: z.array(z.string().min(1)).optional(),
  groups: z.array(z.string().min(1)).optional(),
  tags: z.array(z.string().min(1)).optional(),
});
export type ServiceMatch = z.infer<typeof ServiceMatch>;

/** A route's match also selects on severity (burn-rate alerts carry one); `{}` matches all. */
export const AlertMatch = ServiceMatch.extend({
  severity: z
    .union([Severity, z.array(Severity).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional(),
});
export type AlertMatch = z.infer<typeof AlertMatch>;

export const AlertRoute = z.strictObject({
  match: AlertMatch.default({}),
  channels: z.array(z.string().min(1)).min(1),
  /** Statuses that fire. */
  on: z
    .array(z.enum(['down', 'degraded']))
    .min(1)
    .default(['down']),
  /** How long the service must stay in such a status first. */
  for: duration('0s'),
  /** Alerts that start or resolve within this window go out as one message per channel. */
  groupWait: duration('30s'),
  /** Reminder while firing and not acknowledged; 0s = never. */
  repeat: duration('4h'),
  sendResolved: z.boolean().default(true),
  /** Still firing and not acknowledged after `after` → these channels too. */
  escalate: z
    .strictObject({ after: duration(), channels: z.array(z.string().min(1)).min(1) })
    .optional(),
});
export type AlertRoute = z.infer<typeof AlertRoute>;

export const AlertingConfig = z.strictObject({
  channels: z.array(z.discriminatedUnion('type', CHANNEL_SCHEMAS)).default([]),
  /** In order; the first route whose match fits is used. */
  routes: z.array(AlertRoute).default([]),
});
export type AlertingConfig = z.infer<typeof AlertingConfig>;

export const RecurringWindow = z.strictObject({
  id: Id,
  match: ServiceMatch.default({}),
  /** When each window starts (5 or 6 fields; croner syntax), read in `timezone`. */
  cron: z.string().min(1),
  duration: duration(),
  /** An IANA zone, e.g. Europe/Berlin. */
  timezone: z.string().min(1).default('UTC'),
  reason: z.string().min(1).optional(),
});
export type RecurringWindow = z.infer<typeof RecurringWindow>;

export const MaintenanceConfig = z.strictObject({
  /** The longest window anyone may open (recurring ones included). */
  maxDuration: duration('24h'),
  windows: z.array(RecurringWindow).default([]),
});
export type MaintenanceConfig = z.infer<typeof MaintenanceConfig>;

/** The two top-level keys, for AetherConfig's shape. */
export const alertingConfigShape = {
  alerting: AlertingConfig.prefault({}),
  maintenance: MaintenanceConfig.prefault({}),
};
