import { delay, HttpResponse } from 'msw';
import {
  parseDuration,
  type Deploy,
  type Role,
  type ServiceSummary,
  type ServiceDetail as Detail,
} from '../index.js';
import {
  detailFromSummary,
  FIXTURE_NOW,
  historyDeploysOf,
  makeHistory,
  makeIncidents,
  makeServices,
  makeVerifyResponse,
} from '../fixtures/index.js';
import { problem } from './problem.js';
import { serviceListHandlers } from './service-list.js';
import { handle, route } from './route.js';

export interface ServicesMockOptions {
  baseUrl?: string;
  services?: ServiceSummary[];
  details?: Record<string, Detail>;
  /** Role the mock caller has: below operator, POST /api/verify answers 403. */
  role?: Role | null;
  /** Time POST /api/verify takes, so a UI can show its progress. */
  verifyDelayMs?: number;
  /** "Now" of history and incidents; defaults to the fixtures' fixed instant. */
  now?: () => number;
  /** X-Aether-Revision of list, changes and summary answers (default 1). */
  revision?: number;
  /** `changes?since=` below this is 410 revision-expired (default: `revision`, as a gateway that just started). */
  keptSince?: number;
  /** Deploys history answers mark in their range (share them with deploysHandlers); none by default. */
  deploys?: readonly Deploy[];
}

const DETAIL = route('get', '/api/services/:id');
const HISTORY = route('get', '/api/services/:id/history');
const INCIDENTS = route('get', '/api/services/:id/incidents');
const VERIFY = route('post', '/api/verify');
/** Every route of the services mocks, the fixed paths before /api/services/:id (which would take "changes"). */
const SERVICES_ROUTES = [
  route('get', '/api/services'),
  route('get', '/api/services/changes'),
  route('get', '/api/summary'),
  DETAIL,
  HISTORY,
  INCIDENTS,
  VERIFY,
];

/** About this many points when a history request gives no step, like the gateway. */
const DEFAULT_HISTORY_POINTS = 120;
const DAY_MS = 86_400_000;

/**
 * GET /api/services, /:id, /:id/history, /:id/incidents and POST /api/verify from fixtures.
 * Every body is parsed by its contract schema before it is served, so the mocks cannot drift from it.
 */
export function servicesHandlers({
  baseUrl = '',
  services = makeServices(12),
  details = {},
  role = 'operator',
  verifyDelayMs = 0,
  now = () => Date.parse(FIXTURE_NOW),
  revision = 1,
  keptSince = revision,
  deploys = [],
}: ServicesMockOptions = {}) {
  const find = (id: string) => services.findIndex((s) => s.id === id);
  return [
    // before /api/services/:id, which would take "changes" for an id
    ...serviceListHandlers({ baseUrl, services, revision, keptSince }),

    handle<{ id: string }>(baseUrl, DETAIL, ({ params }) => {
      const index = find(params.id);
      if (index < 0) return problem(404, 'Service not found', `No service ${params.id}`);
      return HttpResponse.json(
        DETAIL.responses[200].parse(
          details[params.id] ?? detailFromSummary(services[index]!, index),
        ),
      );
    }),

    handle<{ id: string }>(baseUrl, HISTORY, ({ params, request }) => {
      if (find(params.id) < 0) return problem(404, 'Service not found', `No service ${params.id}`);
      const parsed = HISTORY.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success)
        return problem(
          400,
          'Invalid query',
          parsed.error.issues.map((i) => i.message).join('; '),
          'validation',
        );
      const query = parsed.data;
      const toMs = query.to ? Date.parse(query.to) : now();
      const fromMs = query.from ? Date.parse(query.from) : toMs - DAY_MS;
      if (!(fromMs < toMs))
        return problem(400, 'Invalid query', '`from` must be before `to`', 'validation');
      const stepMs = query.step
        ? parseDuration(query.step)
        : Math.max(60_000, Math.ceil((toMs - fromMs) / DEFAULT_HISTORY_POINTS));
      if (!stepMs)
        return problem(400, 'Invalid query', `step ${query.step} is not a duration`, 'validation');
      return HttpResponse.json(
        HISTORY.responses[200].parse(
          makeHistory({
            serviceId: params.id,
            checkId: query.check ?? null,
            fromMs,
            toMs,
            stepMs,
            deploys: historyDeploysOf(deploys, params.id, fromMs, toMs),
          }),
        ),
      );
    }),

    handle<{ id: string }>(baseUrl, INCIDENTS, ({ params }) => {
      const index = find(params.id);
      if (index < 0) return problem(404, 'Service not found', `No service ${params.id}`);
      return HttpResponse.json(INCIDENTS.responses[200].parse(makeIncidents(services[index]!)));
    }),

    handle(baseUrl, VERIFY, async ({ request }) => {
      if (role !== 'operator' && role !== 'admin')
        return problem(403, 'Forbidden', 'Verify needs the operator role');
      const body = VERIFY.body.safeParse(await request.json().catch(() => undefined));
      if (!body.success)
        return problem(400, 'Invalid request', body.error.issues.map((i) => i.message).join('; '));
      if (verifyDelayMs > 0) await delay(verifyDelayMs);
      return HttpResponse.json(
        VERIFY.responses[200].parse(makeVerifyResponse(services, body.data)),
      );
    }),
  ];
}

/** Every services route answering the same problem: 401, 403, 500, 503… */
export function servicesProblemHandlers(
  status: number,
  { baseUrl = '' }: { baseUrl?: string } = {},
) {
  const titles: Record<number, string> = {
    401: 'Unauthorized',
    403: 'Forbidden',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  const answer = () => problem(status, titles[status] ?? 'Error', `Mocked ${status}`);
  return SERVICES_ROUTES.map((spec) => handle(baseUrl, spec, answer));
}

/** The gateway cannot be reached: every services route fails at the network level. */
export function servicesUnreachableHandlers({ baseUrl = '' }: { baseUrl?: string } = {}) {
  const fail = () => HttpResponse.error();
  return SERVICES_ROUTES.map((spec) => handle(baseUrl, spec, fail));
}

/** No service configured: empty list, 404 for any id. */
export function servicesEmptyHandlers({ baseUrl = '' }: { baseUrl?: string } = {}) {
  return servicesHandlers({ baseUrl, services: [] });
}
