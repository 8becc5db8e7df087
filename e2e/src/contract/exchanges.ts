import { Problem, ROUTES, type RouteSpec } from '@aether/contract';
import type { z } from 'zod';

export type Role = 'anonymous' | 'viewer' | 'operator' | 'operator2' | 'admin';

/** What differs between the mock and the real gateway: their data, not the requests' shapes. */
export interface TargetData {
  service: string;
  /** approvals: 2 */
  fourEyes: { op: string; params: Record<string, unknown> };
  /** mutating, approvals: 1 */
  confirmed: { op: string; params: Record<string, unknown> };
  /** a valid request whose params break the operation's schema */
  invalidParams: { op: string; params: Record<string, unknown> };
  tokens: Record<Exclude<Role, 'anonymous'>, string>;
}

/** Values captured from earlier answers (confirmation tokens, approval ids). */
export type Captured = Record<string, string>;

export interface Step {
  name: string;
  method: RouteSpec['method'];
  /** The route as ROUTES declares it (its schemas validate the answer). */
  route: string;
  as: Role;
  path: (d: TargetData, c: Captured) => string;
  body?: (d: TargetData, c: Captured) => unknown;
  /** The status a correct gateway answers, and so must the mock. */
  status: number;
  capture?: (body: unknown, c: Captured) => void;
  /** Not mocked in @aether/contract/msw: the real gateway is still checked against the schemas. */
  gatewayOnly?: boolean;
}

const svc = (d: TargetData) => `/api/services/${d.service}`;
const opPath = (d: TargetData, op: string, verb: 'dry-run' | 'invoke') =>
  `${svc(d)}/operations/${op}/${verb}`;

/**
 * The same requests, in order, against the MSW mock gateway and the real one. Together they walk
 * every route of ROUTES with a JSON answer (a test checks that), through the main flows:
 * sign in, observe, verify, dry-run, confirm, four eyes (approve and reject), audit, refusals.
 */
export const STEPS: Step[] = [
  {
    name: 'who am I',
    method: 'get',
    route: '/api/session',
    as: 'operator',
    path: () => '/api/session',
    status: 200,
  },
  {
    name: 'sign in',
    method: 'post',
    route: '/api/session',
    as: 'anonymous',
    path: () => '/api/session',
    body: (d) => ({ token: d.tokens.operator }),
    status: 200,
  },
  {
    name: 'sign in with a wrong token',
    method: 'post',
    route: '/api/session',
    as: 'anonymous',
    path: () => '/api/session',
    body: () => ({ token: 'not-a-token' }),
    status: 401,
  },
  {
    name: 'sign out',
    method: 'delete',
    route: '/api/session',
    as: 'anonymous',
    path: () => '/api/session',
    status: 204,
  },

  {
    name: 'services',
    method: 'get',
    route: '/api/services',
    as: 'viewer',
    path: () => '/api/services',
    status: 200,
  },
  {
    name: 'services filtered, one page',
    method: 'get',
    route: '/api/services',
    as: 'viewer',
    path: () => '/api/services?status=up,degraded,down,unknown&q=e&limit=1',
    status: 200,
  },
  {
    name: 'services with a limit out of range',
    method: 'get',
    route: '/api/services',
    as: 'viewer',
    path: () => '/api/services?limit=0',
    status: 400,
  },
  {
    name: 'fleet summary',
    method: 'get',
    route: '/api/summary',
    as: 'viewer',
    path: () => '/api/summary',
    status: 200,
    capture: (body, c) => {
      c.revision = String((body as { revision: number }).revision);
    },
  },
  {
    name: 'changes since the summary',
    method: 'get',
    route: '/api/services/changes',
    as: 'viewer',
    path: (_d, c) => `/api/services/changes?since=${c.revision}`,
    status: 200,
  },
  {
    name: 'changes since a revision not kept',
    method: 'get',
    route: '/api/services/changes',
    as: 'viewer',
    path: () => '/api/services/changes?since=0',
    status: 410,
  },
  {
    name: 'changes since no revision at all',
    method: 'get',
    route: '/api/services/changes',
    as: 'viewer',
    path: () => '/api/services/changes?since=yesterday',
    status: 400,
  },
  {
    name: 'verify one service',
    method: 'post',
    route: '/api/verify',
    as: 'operator',
    path: () => '/api/verify',
    body: (d) => ({ services: [d.service] }),
    status: 200,
  },
  {
    name: 'one service',
    method: 'get',
    route: '/api/services/:id',
    as: 'viewer',
    path: svc,
    status: 200,
  },
  {
    name: 'an unknown service',
    method: 'get',
    route: '/api/services/:id',
    as: 'viewer',
    path: () => '/api/services/no-such-service',
    status: 404,
  },
  {
    name: 'history',
    method: 'get',
    route: '/api/services/:id/history',
    as: 'viewer',
    path: (d) => `${svc(d)}/history?step=1h`,
    status: 200,
  },
  {
    name: 'SLOs',
    method: 'get',
    route: '/api/slos',
    as: 'viewer',
    path: () => '/api/slos',
    status: 200,
  },
  {
    name: "an SLO's budget over time",
    method: 'get',
    route: '/api/services/:id/slo',
    as: 'viewer',
    path: (d) => `${svc(d)}/slo`,
    status: 200,
  },
  {
    name: "an SLO's budget with from after to",
    method: 'get',
    route: '/api/services/:id/slo',
    as: 'viewer',
    path: (d) => `${svc(d)}/slo?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`,
    status: 400,
  },
  {
    name: 'incidents',
    method: 'get',
    route: '/api/services/:id/incidents',
    as: 'viewer',
    path: (d) => `${svc(d)}/incidents`,
    status: 200,
  },

  {
    name: 'panel registry',
    method: 'get',
    route: '/api/panels',
    as: 'viewer',
    path: () => '/api/panels',
    status: 200,
  },
  {
    name: 'register a panel version',
    method: 'put',
    route: '/api/panels/:id',
    as: 'admin',
    path: () => '/api/panels/health',
    body: () => ({
      entry: 'http://localhost:5174/mf-manifest.json?v=contract',
      module: './Panel',
      version: '0.1.1-contract',
    }),
    status: 200,
  },
  {
    name: 'register a panel version as an operator',
    method: 'put',
    route: '/api/panels/:id',
    as: 'operator',
    path: () => '/api/panels/health',
    body: () => ({
      entry: 'http://localhost:5174/mf-manifest.json?v=refused',
      module: './Panel',
      version: '0.1.2-refused',
    }),
    status: 403,
  },
  {
    name: 'panel history',
    method: 'get',
    route: '/api/panels/:id/history',
    as: 'viewer',
    path: () => '/api/panels/health/history',
    status: 200,
  },
  {
    name: 'panel rollback',
    method: 'post',
    route: '/api/panels/:id/rollback',
    as: 'admin',
    path: () => '/api/panels/health/rollback',
    body: () => ({}),
    status: 200,
  },
  {
    name: 'panel disable',
    method: 'post',
    route: '/api/panels/:id/disable',
    as: 'admin',
    path: () => '/api/panels/health/disable',
    body: () => ({ disabled: true }),
    status: 200,
  },
  {
    name: 'panel enable',
    method: 'post',
    route: '/api/panels/:id/disable',
    as: 'admin',
    path: () => '/api/panels/health/disable',
    body: () => ({ disabled: false }),
    status: 200,
  },

  {
    name: 'cluster members',
    method: 'get',
    route: '/api/cluster',
    as: 'viewer',
    path: () => '/api/cluster',
    status: 200,
  },
  {
    name: 'every operation',
    method: 'get',
    route: '/api/operations',
    as: 'viewer',
    path: () => '/api/operations',
    status: 200,
  },
  {
    name: 'operations',
    method: 'get',
    route: '/api/services/:id/operations',
    as: 'viewer',
    path: (d) => `${svc(d)}/operations`,
    status: 200,
  },
  operationStep('dry run', 'dry-run', 'operator', 200),
  operationStep('dry run as a viewer', 'dry-run', 'viewer', 403),
  operationStep('dry run with invalid params', 'dry-run', 'operator', 400, { op: 'invalidParams' }),
  operationStep('invoke asks for confirmation', 'invoke', 'operator', 428, {
    capture: (body, c) => (c.confirm = (body as { confirmToken: string }).confirmToken),
  }),
  operationStep('invoke confirmed', 'invoke', 'operator', 200, { confirmToken: 'confirm' }),
  operationStep('invoke with a used token', 'invoke', 'operator', 409, { confirmToken: 'confirm' }),

  ...fourEyesRequest('approve'),
  {
    name: 'approvals',
    method: 'get',
    route: '/api/approvals',
    as: 'operator',
    path: () => '/api/approvals',
    status: 200,
  },
  {
    name: 'self-approval is refused',
    method: 'post',
    route: '/api/approvals/:id/approve',
    as: 'operator',
    path: (_, c) => `/api/approvals/${c.approve}/approve`,
    body: () => ({}),
    status: 403,
  },
  {
    name: 'another operator approves',
    method: 'post',
    route: '/api/approvals/:id/approve',
    as: 'operator2',
    path: (_, c) => `/api/approvals/${c.approve}/approve`,
    body: () => ({}),
    status: 200,
  },
  ...fourEyesRequest('reject'),
  {
    name: 'another operator rejects',
    method: 'post',
    route: '/api/approvals/:id/reject',
    as: 'operator2',
    path: (_, c) => `/api/approvals/${c.reject}/reject`,
    body: () => ({}),
    status: 200,
  },

  {
    name: 'audit page',
    method: 'get',
    route: '/api/audit',
    as: 'operator',
    path: () => '/api/audit?limit=5',
    status: 200,
  },
  {
    name: 'audit as a viewer',
    method: 'get',
    route: '/api/audit',
    as: 'viewer',
    path: () => '/api/audit',
    status: 403,
  },
  {
    name: 'audit chain',
    method: 'get',
    route: '/api/audit/verify',
    as: 'operator',
    path: () => '/api/audit/verify',
    status: 200,
  },

  {
    name: 'deploys',
    method: 'get',
    route: '/api/deploys',
    as: 'viewer',
    path: (d) => `/api/deploys?service=${d.service}&limit=5`,
    status: 200,
  },
  {
    name: 'deploy start',
    method: 'post',
    route: '/api/deploys',
    as: 'operator',
    path: () => '/api/deploys',
    body: (d) => ({ services: [d.service], version: '9.9.9', description: 'drift' }),
    status: 201,
    capture: (body, c) => (c.deploy = (body as { id: string }).id),
  },
  {
    name: 'deploy start of an unknown service',
    method: 'post',
    route: '/api/deploys',
    as: 'operator',
    path: () => '/api/deploys',
    body: () => ({ services: ['no-such-service'], version: '9.9.9' }),
    status: 400,
  },
  {
    name: 'deploy start as a viewer',
    method: 'post',
    route: '/api/deploys',
    as: 'viewer',
    path: () => '/api/deploys',
    body: (d) => ({ services: [d.service], version: '9.9.9' }),
    status: 403,
  },
  {
    name: 'deploy comparison while running',
    method: 'get',
    route: '/api/deploys/:id/comparison',
    as: 'viewer',
    path: (_, c) => `/api/deploys/${c.deploy}/comparison`,
    status: 200,
  },
  {
    name: 'deploy finish',
    method: 'post',
    route: '/api/deploys/:id/finish',
    as: 'operator',
    path: (_, c) => `/api/deploys/${c.deploy}/finish`,
    body: () => ({ outcome: 'succeeded' }),
    status: 200,
  },
  {
    name: 'deploy finished twice',
    method: 'post',
    route: '/api/deploys/:id/finish',
    as: 'operator',
    path: (_, c) => `/api/deploys/${c.deploy}/finish`,
    body: () => ({ outcome: 'failed' }),
    status: 409,
  },
  {
    name: 'comparison of an unknown deploy',
    method: 'get',
    route: '/api/deploys/:id/comparison',
    as: 'viewer',
    path: () => '/api/deploys/dep-unknown/comparison',
    status: 404,
  },
  {
    name: 'history marks the deploy',
    method: 'get',
    route: '/api/services/:id/history',
    as: 'viewer',
    path: (d) => `/api/services/${d.service}/history`,
    status: 200,
  },

  {
    name: 'alerts',
    method: 'get',
    route: '/api/alerts',
    as: 'viewer',
    path: (d) => `/api/alerts?state=firing,held&service=${d.service}`,
    status: 200,
  },
  {
    name: 'alerts of an unknown state',
    method: 'get',
    route: '/api/alerts',
    as: 'viewer',
    path: () => '/api/alerts?state=burning',
    status: 400,
  },
  {
    name: 'acknowledge an unknown alert',
    method: 'post',
    route: '/api/alerts/:id/ack',
    as: 'operator',
    path: () => '/api/alerts/al-unknown/ack',
    body: () => ({ comment: 'on it' }),
    status: 404,
  },
  {
    name: 'acknowledge as a viewer',
    method: 'post',
    route: '/api/alerts/:id/ack',
    as: 'viewer',
    path: () => '/api/alerts/al-unknown/ack',
    body: () => ({}),
    status: 403,
  },
  {
    name: 'alerting channels',
    method: 'get',
    route: '/api/alerting/channels',
    as: 'viewer',
    path: () => '/api/alerting/channels',
    status: 200,
  },
  {
    name: 'test an unknown channel',
    method: 'post',
    route: '/api/alerting/channels/:id/test',
    as: 'admin',
    path: () => '/api/alerting/channels/no-such-channel/test',
    status: 404,
  },
  {
    name: 'open a maintenance window',
    method: 'post',
    route: '/api/maintenance',
    as: 'operator',
    path: () => '/api/maintenance',
    body: (d) => ({ match: { services: [d.service] }, duration: '15m', reason: 'contract drift' }),
    status: 201,
    capture: (body, c) => (c.window = (body as { id: string }).id),
  },
  {
    name: 'a window past maxDuration',
    method: 'post',
    route: '/api/maintenance',
    as: 'operator',
    path: () => '/api/maintenance',
    body: (d) => ({ match: { services: [d.service] }, duration: '25h', reason: 'too long' }),
    status: 422,
  },
  {
    name: 'a window that matches everything',
    method: 'post',
    route: '/api/maintenance',
    as: 'operator',
    path: () => '/api/maintenance',
    body: () => ({ match: {}, duration: '15m', reason: 'everything' }),
    status: 400,
  },
  {
    name: 'open a window as a viewer',
    method: 'post',
    route: '/api/maintenance',
    as: 'viewer',
    path: () => '/api/maintenance',
    body: (d) => ({ match: { services: [d.service] }, duration: '15m', reason: 'viewer' }),
    status: 403,
  },
  {
    name: 'active windows',
    method: 'get',
    route: '/api/maintenance',
    as: 'viewer',
    path: () => '/api/maintenance?state=active',
    status: 200,
  },
  {
    name: 'end the window',
    method: 'delete',
    route: '/api/maintenance/:id',
    as: 'operator',
    path: (_, c) => `/api/maintenance/${c.window}`,
    status: 200,
  },
  {
    name: 'end it twice',
    method: 'delete',
    route: '/api/maintenance/:id',
    as: 'operator',
    path: (_, c) => `/api/maintenance/${c.window}`,
    status: 404,
  },

  {
    name: 'the running config, redacted',
    method: 'get',
    route: '/api/config',
    as: 'admin',
    path: () => '/api/config',
    status: 200,
  },
  {
    name: 'the running config as an operator',
    method: 'get',
    route: '/api/config',
    as: 'operator',
    path: () => '/api/config',
    status: 403,
  },
  {
    name: 'reload an unchanged config',
    method: 'post',
    route: '/api/config/reload',
    as: 'admin',
    path: () => '/api/config/reload',
    status: 200,
  },
  {
    name: 'reload as a viewer',
    method: 'post',
    route: '/api/config/reload',
    as: 'viewer',
    path: () => '/api/config/reload',
    status: 403,
  },

  {
    name: 'liveness',
    method: 'get',
    route: '/health',
    as: 'anonymous',
    path: () => '/health',
    status: 200,
    gatewayOnly: true,
  },
  {
    name: 'readiness',
    method: 'get',
    route: '/ready',
    as: 'anonymous',
    path: () => '/ready',
    status: 200,
    gatewayOnly: true,
  },
];

/** A four-eyes request up to "pending approval": 428, confirm, 202 with the approval id in `c[key]`. */
function fourEyesRequest(key: 'approve' | 'reject'): Step[] {
  return [
    operationStep(`four eyes (${key}): confirmation`, 'invoke', 'operator', 428, {
      op: 'fourEyes',
      capture: (body, c) => (c[`${key}-confirm`] = (body as { confirmToken: string }).confirmToken),
    }),
    operationStep(`four eyes (${key}): waits for approval`, 'invoke', 'operator', 202, {
      op: 'fourEyes',
      confirmToken: `${key}-confirm`,
      capture: (body, c) => (c[key] = (body as { approvalId: string }).approvalId),
    }),
  ];
}

/**
 * A dry run or invoke of one of the target's operations (`op` picks which, default the confirmed
 * one), sending the token captured under `confirmToken` when given.
 */
function operationStep(
  name: string,
  verb: 'dry-run' | 'invoke',
  as: Role,
  status: number,
  {
    op = 'confirmed',
    confirmToken,
    capture,
  }: {
    op?: 'confirmed' | 'fourEyes' | 'invalidParams';
    confirmToken?: string;
    capture?: Step['capture'];
  } = {},
): Step {
  return {
    name,
    method: 'post',
    route: `/api/services/:id/operations/:op/${verb}`,
    as,
    path: (d) => opPath(d, d[op].op, verb),
    body: (d, c) => ({
      params: d[op].params,
      ...(confirmToken === undefined ? {} : { confirmToken: c[confirmToken] }),
    }),
    status,
    ...(capture ? { capture } : {}),
  };
}

/** Routes whose answer is JSON (the others are text, SSE or empty: no schema to hold them to). */
export function jsonRoutes(): RouteSpec[] {
  return (ROUTES as readonly RouteSpec[]).filter((r) =>
    Object.values(r.responses).some((s) => !('text' in s)),
  );
}

export function routeOf(step: Pick<Step, 'method' | 'route'>): RouteSpec {
  const route = (ROUTES as readonly RouteSpec[]).find(
    (r) => r.method === step.method && r.path === step.route,
  );
  if (!route) throw new Error(`no route ${step.method.toUpperCase()} ${step.route} in ROUTES`);
  return route;
}

export interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

/**
 * The schema an answer must satisfy: the route's own for a declared status, Problem for any other
 * error. Returns what is wrong, or an empty list.
 */
export function contractViolations(route: RouteSpec, answer: Answer): string[] {
  const declared = route.responses[answer.status];
  // text answers (metrics, SSE, 204) have no JSON schema to hold them to
  if (declared && 'text' in declared) return [];
  const schema: z.ZodType | undefined = declared ?? (answer.status >= 400 ? Problem : undefined);
  if (!schema)
    return [
      `status ${answer.status} is not declared for ${route.method.toUpperCase()} ${route.path}`,
    ];
  const problems: string[] = [];
  const wantType = answer.status >= 400 ? 'application/problem+json' : 'application/json';
  if (!answer.contentType.startsWith(wantType))
    problems.push(`content-type ${answer.contentType || '(none)'}, expected ${wantType}`);
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
    );
  } else {
    problems.push(...unknownKeys(answer.body, parsed.data).map((p) => `${p}: not in the schema`));
  }
  return problems;
}

/**
 * Keys of the answer that the schema dropped while parsing (zod objects strip unknown keys): a
 * field the contract does not know is drift too, in either direction.
 */
export function unknownKeys(input: unknown, output: unknown, at = ''): string[] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, i) => unknownKeys(item, output[i], `${at}[${i}]`));
  }
  if (isObject(input) && isObject(output)) {
    return Object.keys(input).flatMap((key) =>
      key in output
        ? unknownKeys(input[key], output[key], at ? `${at}.${key}` : key)
        : [at ? `${at}.${key}` : key],
    );
  }
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
