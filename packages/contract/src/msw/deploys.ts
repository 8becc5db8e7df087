import { HttpResponse } from 'msw';
import type { Deploy, Role, ServiceSummary } from '../index.js';
import { FIXTURE_NOW, makeDeployComparison, makeDeploys, makeServices } from '../fixtures/index.js';
import type { InteractionStore } from './interaction-store.js';
import { callerRefusal, problem } from './problem.js';
import { handle, route } from './route.js';

const LIST = route('get', '/api/deploys');
const START = route('post', '/api/deploys');
const FINISH = route('post', '/api/deploys/:id/finish');
const COMPARISON = route('get', '/api/deploys/:id/comparison');

export interface DeploysMockOptions {
  baseUrl?: string;
  /** The fleet deploys may name (POST refuses other ids, as the gateway). */
  services?: ServiceSummary[];
  /** The recorded deploys, newest first; POST adds to it. Share it with servicesHandlers' history. */
  deploys?: Deploy[];
  /** Role the mock caller has: below operator, POST answers 403. */
  role?: Role | null;
  /** When given, the caller is the store's signed-in identity instead of `role`/`actor`. */
  store?: InteractionStore;
  now?: () => number;
  /** Who the mock caller is, as `by`. */
  actor?: string;
}

/**
 * GET/POST /api/deploys, POST /api/deploys/:id/finish and GET /api/deploys/:id/comparison, with
 * the gateway's refusals (400 unknown service, 404, 409 finished twice). Bodies are parsed by
 * their contract schemas before they are served.
 */
export function deploysHandlers({
  baseUrl = '',
  services = makeServices(12),
  now = () => Date.parse(FIXTURE_NOW),
  deploys = makeDeploys(services, now()),
  role = 'operator',
  actor = 'mock-operator',
  store,
}: DeploysMockOptions = {}) {
  let next = deploys.length + 1;
  const caller = () => store?.identity?.name ?? actor;
  const refusalOf = (spec: { role: Role }) => callerRefusal(spec.role, store, role);
  const find = (id: string) => deploys.find((d) => d.id === id);
  return [
    handle(baseUrl, LIST, ({ request }) => {
      const query = LIST.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return problem(400, 'Invalid query', query.error.message, 'validation');
      const { service, limit } = query.data;
      const matching = deploys
        .filter((d) => !service || d.services.includes(service))
        .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
      return HttpResponse.json(LIST.responses[200].parse(matching.slice(0, limit)));
    }),
    handle(baseUrl, START, async ({ request }) => {
      const refused = refusalOf(START);
      if (refused) return refused;
      const body = START.body.safeParse(await request.json().catch(() => undefined));
      if (!body.success)
        return problem(400, 'Invalid request', body.error.issues.map((i) => i.message).join('; '));
      const unknown = body.data.services.filter((id) => !services.some((s) => s.id === id));
      if (unknown.length)
        return problem(
          400,
          'Invalid request',
          `Unknown service: ${unknown.join(', ')}`,
          'validation',
        );
      const deploy: Deploy = {
        id: `dep-mock-${String(next++).padStart(3, '0')}`,
        services: [...new Set(body.data.services)],
        version: body.data.version,
        description: body.data.description ?? null,
        by: caller(),
        startedAt: new Date(now()).toISOString(),
        finishedAt: null,
        finishedBy: null,
        outcome: null,
      };
      deploys.unshift(deploy);
      return HttpResponse.json(START.responses[201].parse(deploy), { status: 201 });
    }),
    handle<{ id: string }>(baseUrl, FINISH, async ({ params, request }) => {
      const refused = refusalOf(FINISH);
      if (refused) return refused;
      const deploy = find(params.id);
      if (!deploy) return problem(404, 'Not Found', `No deploy ${params.id}`);
      const body = FINISH.body.safeParse(await request.json().catch(() => undefined));
      if (!body.success)
        return problem(400, 'Invalid request', body.error.issues.map((i) => i.message).join('; '));
      if (deploy.outcome !== null)
        return problem(
          409,
          'Deploy already finished',
          `Deploy ${deploy.id} already finished: ${deploy.outcome}`,
          'deploy-finished',
        );
      Object.assign(deploy, {
        outcome: body.data.outcome,
        finishedAt: new Date(now()).toISOString(),
        finishedBy: caller(),
      });
      return HttpResponse.json(FINISH.responses[200].parse(deploy));
    }),
    handle<{ id: string }>(baseUrl, COMPARISON, ({ params }) => {
      const deploy = find(params.id);
      if (!deploy) return problem(404, 'Not Found', `No deploy ${params.id}`);
      return HttpResponse.json(
        COMPARISON.responses[200].parse(makeDeployComparison(deploy, services, now())),
      );
    }),
  ];
}
