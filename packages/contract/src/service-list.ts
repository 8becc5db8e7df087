import { z } from 'zod';
import { Status } from './common.js';
import { ServiceSummary } from './services.js';

/** Largest page of GET /api/services. */
export const MAX_SERVICE_PAGE = 1000;

const STATUS_VALUES = Status.options.join(', ');

/** `status=down,degraded`: a comma-separated set of statuses. */
const StatusSet = z
  .string()
  .transform((text, ctx) => {
    const parts = text.split(',').map((p) => p.trim());
    const bad = parts.filter((p) => !(Status.options as readonly string[]).includes(p));
    if (bad.length > 0 || parts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `statuses separated by commas, each one of ${STATUS_VALUES}; got "${text}"`,
      });
      return z.NEVER;
    }
    return parts as Status[];
  })
  .describe(`comma-separated statuses (${STATUS_VALUES}); any of them matches`);

/** Query of GET /api/services: filters (AND-combined) and paging. Unknown parameters are refused. */
export const ServiceListQuery = z.strictObject({
  status: StatusSet.optional(),
  group: z.string().min(1).optional().describe('exact group'),
  tag: z.string().min(1).optional().describe('services carrying this tag'),
  q: z
    .string()
    .min(1)
    .optional()
    .describe('case-insensitive substring of id, name, group or a tag'),
  limit: z
    .string()
    .regex(/^\d+$/, 'an integer from 1 to 1000')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_SERVICE_PAGE))
    .optional()
    .describe('page size, 1-1000; the answer has Link rel="next" while more remain'),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a cursor from a Link header')
    .optional()
    .describe('from the previous page\'s Link rel="next"'),
});
export type ServiceListQuery = z.infer<typeof ServiceListQuery>;

/** `since` of GET /api/services/changes: a revision from X-Aether-Revision. */
export const ServiceChangesQuery = z.strictObject({
  since: z
    .string()
    .regex(/^\d+$/, 'a revision: a non-negative integer from X-Aether-Revision')
    .transform(Number)
    .pipe(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER))
    .describe('a revision from X-Aether-Revision or a previous answer'),
});
export type ServiceChangesQuery = z.infer<typeof ServiceChangesQuery>;

/** Every service that changed state after `since`, and the ids of those removed since. */
export const ServiceChanges = z.object({
  revision: z.number().int().nonnegative(),
  changed: z.array(ServiceSummary),
  removed: z.array(z.string()),
});
export type ServiceChanges = z.infer<typeof ServiceChanges>;

export const StatusCounts = z.object({
  up: z.number().int().nonnegative(),
  degraded: z.number().int().nonnegative(),
  down: z.number().int().nonnegative(),
  unknown: z.number().int().nonnegative(),
  /** In a maintenance window, whatever their status: not counted under it. */
  maintenance: z.number().int().nonnegative(),
});
export type StatusCounts = z.infer<typeof StatusCounts>;

/** GET /api/summary: counts of the whole fleet and per group, for a first paint. */
export const FleetSummary = z.object({
  revision: z.number().int().nonnegative(),
  counts: StatusCounts,
  groups: z.array(z.object({ group: z.string(), counts: StatusCounts })),
});
export type FleetSummary = z.infer<typeof FleetSummary>;

/**
 * The lowercased text `q` searches (id, name, group, tags, one per line), kept per summary
 * object: the gateway keeps a service's summary object until it changes, so a `q` over 10,000
 * services lowercases nothing on most requests.
 */
const searchTexts = new WeakMap<ServiceSummary, string>();
function searchText(s: ServiceSummary): string {
  let text = searchTexts.get(s);
  if (text === undefined) {
    text = [s.id, s.name, s.group, ...s.tags].join('\n').toLowerCase();
    searchTexts.set(s, text);
  }
  return text;
}

/** The filters of a list query, as one predicate (the gateway and the mock share it). */
export function serviceMatcher(
  query: Pick<ServiceListQuery, 'status' | 'group' | 'tag' | 'q'>,
): (service: ServiceSummary) => boolean {
  const statuses = query.status && new Set(query.status);
  const needle = query.q?.toLowerCase();
  // a needle with a line break could match across two fields of the joined text: compare per field
  const inText = (s: ServiceSummary) =>
    needle!.includes('\n')
      ? [s.id, s.name, s.group, ...s.tags].some((f) => f.toLowerCase().includes(needle!))
      : searchText(s).includes(needle!);
  return (s) =>
    (!statuses || statuses.has(s.status)) &&
    (query.group === undefined || s.group === query.group) &&
    (query.tag === undefined || s.tags.includes(query.tag)) &&
    (needle === undefined || inText(s));
}

const noCounts = (): StatusCounts => ({ up: 0, degraded: 0, down: 0, unknown: 0, maintenance: 0 });

/** Counts per status (a service in maintenance counts there instead), whole fleet and per group (sorted). */
export function summarizeServices(
  services: readonly ServiceSummary[],
  revision: number,
): FleetSummary {
  const counts = noCounts();
  const groups = new Map<string, StatusCounts>();
  for (const s of services) {
    const key = s.maintenance ? 'maintenance' : s.status;
    counts[key] += 1;
    let group = groups.get(s.group);
    if (!group) groups.set(s.group, (group = noCounts()));
    group[key] += 1;
  }
  return {
    revision,
    counts,
    groups: [...groups.keys()].sort().map((group) => ({ group, counts: groups.get(group)! })),
  };
}

/** Opaque page cursors: the position in the whole list where the next page starts. */
export const encodeServiceCursor = (position: number) => `p${position.toString(36)}`;
export function decodeServiceCursor(cursor: string): number | undefined {
  const match = /^p([0-9a-z]{1,10})$/.exec(cursor);
  return match ? parseInt(match[1]!, 36) : undefined;
}

/**
 * One page of a filtered list: matching services from `start`, at most `limit`, and the
 * position to continue from when another match remains (else null).
 */
export function pageServices<T extends ServiceSummary>(
  services: readonly T[],
  matches: (service: T) => boolean,
  start: number,
  limit: number,
): { items: T[]; next: number | null } {
  const items: T[] = [];
  for (let i = start; i < services.length; i++) {
    if (!matches(services[i]!)) continue;
    if (items.length === limit) return { items, next: i };
    items.push(services[i]!);
  }
  return { items, next: null };
}
