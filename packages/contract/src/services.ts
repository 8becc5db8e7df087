import { z } from 'zod';
import { IsoDate, Status } from './common.js';
import { HistoryDeploy } from './deploys.js';

export const CheckType = z.enum(['http', 'tcp', 'dns', 'tls']);
export type CheckType = z.infer<typeof CheckType>;

/** One condition of a result, as Gatus reports it: what was expected, what was seen. */
export const ConditionResult = z.object({
  condition: z
    .string()
    .describe('e.g. "status", "maxLatency", "json $.status", "header content-type"'),
  expected: z.string(),
  actual: z.string(),
  ok: z.boolean(),
  /** Some conditions only degrade (latency budget, certificate near expiry) rather than fail. */
  severity: z.enum(['fail', 'degrade']),
});
export type ConditionResult = z.infer<typeof ConditionResult>;

export const ProbeErrorKind = z.enum([
  'timeout',
  'refused',
  'reset',
  'dns',
  'tls',
  'body-too-large',
  'redirect-off-host',
  'too-many-redirects',
  'invalid-json',
  'protocol',
  'unreachable',
  'unknown',
]);
export type ProbeErrorKind = z.infer<typeof ProbeErrorKind>;

export const ProbeError = z.object({ kind: ProbeErrorKind, message: z.string() });
export type ProbeError = z.infer<typeof ProbeError>;

/** Milliseconds spent in each phase; absent phases did not happen (reused socket, plain http). */
export const Timings = z.object({
  dns: z.number().nonnegative().optional(),
  connect: z.number().nonnegative().optional(),
  tls: z.number().nonnegative().optional(),
  firstByte: z.number().nonnegative().optional(),
  total: z.number().nonnegative(),
});
export type Timings = z.infer<typeof Timings>;

export const CheckResult = z.object({
  serviceId: z.string(),
  checkId: z.string(),
  type: CheckType,
  timestamp: IsoDate,
  /** Every `fail` condition held and no error occurred. */
  success: z.boolean(),
  /** The status this single result suggests (the check's status also applies failAfter/recoverAfter). */
  status: Status,
  durationMs: z.number().nonnegative(),
  conditions: z.array(ConditionResult),
  errors: z.array(ProbeError),
  timings: Timings.optional(),
  /** What was probed, e.g. "GET http://127.0.0.1:9101/health" or "tcp 127.0.0.1:5432". */
  target: z.string(),
  httpStatus: z.number().int().optional(),
  certificateDaysLeft: z.number().optional(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const CheckSummary = z.object({
  id: z.string(),
  type: CheckType,
  status: Status,
  since: IsoDate.nullable(),
});
export type CheckSummary = z.infer<typeof CheckSummary>;

export const CheckDetail = CheckSummary.extend({
  target: z.string(),
  intervalMs: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  failAfter: z.number().int().positive(),
  recoverAfter: z.number().int().positive(),
  consecutiveFailures: z.number().int().nonnegative(),
  consecutiveSuccesses: z.number().int().nonnegative(),
  lastResult: CheckResult.nullable(),
});
export type CheckDetail = z.infer<typeof CheckDetail>;

/** Uptime as a ratio 0..1 of successful results; null without data in that window. */
export const Uptime = z.object({
  h1: z.number().min(0).max(1).nullable(),
  h24: z.number().min(0).max(1).nullable(),
  d7: z.number().min(0).max(1).nullable(),
});
export type Uptime = z.infer<typeof Uptime>;

/** A maintenance window the service is in (filled by the maintenance feature; null until then). */
export const ServiceMaintenance = z.object({
  id: z.string(),
  endsAt: IsoDate,
  reason: z.string(),
});
export type ServiceMaintenance = z.infer<typeof ServiceMaintenance>;

/** The dependency whose check is the cause of this service's trouble (filled by dependencies). */
export const RootCause = z.object({ serviceId: z.string(), checkId: z.string() });
export type RootCause = z.infer<typeof RootCause>;

export const ServiceSummary = z.object({
  id: z.string(),
  name: z.string(),
  group: z.string(),
  tags: z.array(z.string()),
  status: Status,
  since: IsoDate.nullable(),
  lastLatencyMs: z.number().nonnegative().nullable(),
  lastCheckedAt: IsoDate.nullable(),
  uptime: Uptime,
  checks: z.array(CheckSummary),
  maintenance: ServiceMaintenance.nullable(),
  rootCause: RootCause.nullable(),
  /**
   * The ids of the services this one needs (config `dependsOn`, direct ones only). Optional: a
   * gateway that does not report it leaves the panels without a dependency graph, not broken.
   */
  dependsOn: z.array(z.string()).optional(),
  /**
   * `changes` or more status changes within `window` (config `flapping`, 4 in 10m by default),
   * until a window passes without one: its alerts are sent once per flapping episode.
   */
  flapping: z.boolean(),
  /** Status changes in the current flapping episode (0 when not flapping), for "Flapping · ×8". */
  flapChanges: z.number().int().nonnegative().optional(),
});
export type ServiceSummary = z.infer<typeof ServiceSummary>;

export const ServiceList = z.array(ServiceSummary);
export type ServiceList = z.infer<typeof ServiceList>;

export const ServiceDetail = ServiceSummary.extend({
  baseUrl: z.string().nullable(),
  checks: z.array(CheckDetail),
});
export type ServiceDetail = z.infer<typeof ServiceDetail>;

export const HistoryQuery = z.strictObject({
  check: z.string().optional(),
  from: IsoDate.optional().describe('default: to minus 24h'),
  to: IsoDate.optional().describe('default: now'),
  step: z
    .string()
    .optional()
    .describe('a duration such as 1m, 1h, 1d; default picks about 120 points'),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const HistoryPoint = z.object({
  t: IsoDate,
  count: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  successRatio: z.number().min(0).max(1).nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** Worst status seen in the step; unknown without data. */
  status: Status,
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

/** A check's or service's time series, as the result store and monitor build it. */
export const HistorySeries = z.object({
  serviceId: z.string(),
  checkId: z.string().nullable(),
  from: IsoDate,
  to: IsoDate,
  stepMs: z.number().int().positive(),
  uptime: z.number().min(0).max(1).nullable(),
  points: z.array(HistoryPoint),
});
export type HistorySeries = z.infer<typeof HistorySeries>;

/** GET /api/services/:id/history: the series plus the deploys of the service in its range, oldest first. */
export const History = HistorySeries.extend({ deploys: z.array(HistoryDeploy) });
export type History = z.infer<typeof History>;

export const Incident = z.object({
  id: z.string(),
  serviceId: z.string(),
  checkId: z.string(),
  status: z.enum(['down', 'degraded']),
  startedAt: IsoDate,
  endedAt: IsoDate.nullable(),
  durationMs: z.number().nonnegative().nullable(),
  cause: z.string(),
  /**
   * Set on the incidents of one flapping run of a check (the id of its first incident): a run
   * is incidents each opening within the flapping window of the previous one's end, with at
   * least the flapping `changes` status changes. Lists show a run as one row with its count.
   */
  flapGroup: z.string().optional(),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentList = z.array(Incident);
export type IncidentList = z.infer<typeof IncidentList>;

export const VerifyRequest = z.strictObject({
  services: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
});
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const VerifyResponse = z.object({
  ok: z.boolean(),
  results: z.array(CheckResult),
});
export type VerifyResponse = z.infer<typeof VerifyResponse>;
