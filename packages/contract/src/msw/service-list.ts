import { HttpResponse } from 'msw';
import {
  decodeServiceCursor,
  encodeServiceCursor,
  pageServices,
  serviceMatcher,
  summarizeServices,
  type ServiceSummary,
} from '../index.js';
import { problem } from './problem.js';
import { handle, route } from './route.js';

const LIST = route('get', '/api/services');
const CHANGES = route('get', '/api/services/changes');
const SUMMARY = route('get', '/api/summary');

export interface ServiceListMockOptions {
  baseUrl: string;
  services: ServiceSummary[];
  /** X-Aether-Revision of every answer: the fixtures change nothing, so one revision. */
  revision: number;
  /** `changes?since=` below this answers 410 revision-expired, as a gateway that forgot. */
  keptSince: number;
}

const invalid = (issues: { message: string; path: PropertyKey[] }[]) =>
  problem(
    400,
    'Invalid query',
    issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '),
    'validation',
  );

/**
 * GET /api/services (filters, limit/cursor, Link, ETag, X-Aether-Revision), /api/services/changes
 * and /api/summary, with the contract's own matcher and pager, so the mock filters as the gateway does.
 */
export function serviceListHandlers({
  baseUrl,
  services,
  revision,
  keptSince,
}: ServiceListMockOptions) {
  const headers = (extra: Record<string, string> = {}) => ({
    'x-aether-revision': String(revision),
    ...extra,
  });
  return [
    handle(baseUrl, LIST, ({ request }) => {
      const url = new URL(request.url);
      const parsed = LIST.query.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return invalid(parsed.error.issues);
      const query = parsed.data;
      const start = query.cursor === undefined ? 0 : decodeServiceCursor(query.cursor);
      if (start === undefined) return invalid([{ path: ['cursor'], message: 'not a cursor' }]);
      const page = pageServices(
        services,
        serviceMatcher(query),
        start,
        query.limit ?? Number.MAX_SAFE_INTEGER,
      );
      const link: Record<string, string> = {};
      if (page.next !== null) {
        url.searchParams.set('cursor', encodeServiceCursor(page.next));
        link.link = `<${url.pathname}${url.search}>; rel="next"`;
      }
      return HttpResponse.json(LIST.responses[200].parse(page.items), {
        headers: headers({ etag: `"mock-${revision}-${url.search}"`, ...link }),
      });
    }),

    handle(baseUrl, CHANGES, ({ request }) => {
      const parsed = CHANGES.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return invalid(parsed.error.issues);
      const { since } = parsed.data;
      if (since < keptSince || since > revision)
        return problem(
          410,
          'Revision expired',
          `Changes since ${since} are no longer kept; list again`,
          'revision-expired',
        );
      const body = { revision, changed: since < revision ? services : [], removed: [] };
      return HttpResponse.json(CHANGES.responses[200].parse(body), { headers: headers() });
    }),

    handle(baseUrl, SUMMARY, () =>
      HttpResponse.json(SUMMARY.responses[200].parse(summarizeServices(services, revision)), {
        headers: headers(),
      }),
    ),
  ];
}
