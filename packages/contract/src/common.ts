import { z } from 'zod';

/** An instant as an ISO 8601 string in UTC, e.g. 2026-11-27T04:27:19.000Z. */
export const IsoDate = z.iso.datetime({ offset: true });

/** Health of a check or service. `unknown` until its first result. */
export const Status = z.enum(['up', 'degraded', 'down', 'unknown']);
export type Status = z.infer<typeof Status>;

/** Worst first: a service takes the worst status of its checks. */
export const STATUS_SEVERITY: Record<Status, number> = { down: 3, degraded: 2, unknown: 1, up: 0 };

export const Role = z.enum(['viewer', 'operator', 'admin']);
export type Role = z.infer<typeof Role>;

/** A role plus `none` for routes anyone may call, and `operation` for routes whose role the operation's config sets. */
export const RouteRole = z.enum(['none', 'viewer', 'operator', 'admin', 'operation']);
export type RouteRole = z.infer<typeof RouteRole>;

export const ROLE_RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** The gateway's problem `type`s: urn:aether:problem:<code>, e.g. not-found, forbidden, validation. */
export const PROBLEM_TYPE_PREFIX = 'urn:aether:problem:';
export function problemType(code: string): string {
  return `${PROBLEM_TYPE_PREFIX}${code}`;
}

/**
 * The code a problem gets when nothing more specific applies: the status's reason phrase as a
 * slug (the gateway derives it from node's STATUS_CODES; its tests hold it to this table), and
 * `internal` for a 500, which the gateway only answers for errors it did not expect.
 */
export const PROBLEM_CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  428: 'precondition-required',
  429: 'too-many-requests',
  500: 'internal',
  502: 'bad-gateway',
  503: 'service-unavailable',
};

/** RFC 9457 problem details; `errors` locates each invalid field of a request. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Durations in config and queries: 500ms, 10s, 5m, 48h, 30d. */
export const DurationString = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration such as 500ms, 10s, 5m, 48h or 30d');

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses a duration string to milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (DURATION_UNITS[m[2]!] ?? 0));
}

/** Formats milliseconds as the largest exact unit, e.g. 90000 → "90s", 3600000 → "1h". */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
