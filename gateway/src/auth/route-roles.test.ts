import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROLE_RANK,
  ROUTES,
  type ConfirmationRequired,
  type InvokeResponse,
  type Role,
  type RouteSpec,
} from '@aether/contract';
import { makeServices } from '@aether/contract/fixtures';
import { createAdminTarget, type AdminTarget } from '../testing/admin-target.js';
import { RecordingReceiver } from '../alerting/channels/recording-receiver.js';
import { operation, ordersService } from '../testing/test-operations.js';
import { validBodies } from '../testing/route-bodies.js';
import {
  TOKENS,
  startOperateApp,
  type OperateApp,
  type TestIdentity,
} from '../testing/operate-app.js';

/**
 * The proof that every route's role is enforced in one place: each route of the contract's ROUTES,
 * called with no credentials and as a viewer, an operator and an admin, answers 401, 403 or 2xx
 * exactly as its declared role says. A route added to ROUTES is walked here without a test change.
 */

let target: AdminTarget;
let hook: RecordingReceiver;
let gw: OperateApp;
const monitoredId = makeServices(2)[0]!.id;

beforeAll(async () => {
  target = await createAdminTarget();
  hook = await RecordingReceiver.start();
  gw = await startOperateApp({
    anonymous: 'none',
    alerting: {
      channels: [{ id: 'hook', type: 'webhook', url: hook.url() }],
      routes: [{ match: {}, channels: ['hook'], groupWait: '0s' }],
    },
    services: [
      {
        // an slo, so GET /api/services/:id/slo has something to answer
        slo: { objective: 99, window: '1d' },
        ...ordersService(target.url, [
          operation('ping', 'GET /ping', { role: 'operator', ratePerMinute: 1000 }),
          operation('four-eyes', 'POST /admin/cache/flush', {
            mutating: true,
            approvals: 2,
            role: 'operator',
            ratePerMinute: 1000,
          }),
        ]),
      },
    ],
  });
});

afterAll(async () => {
  await gw.close();
  await target.close();
  await hook.close();
});

const IDENTITIES: Array<TestIdentity | null> = [null, 'viewer', 'operator', 'admin'];
const ROLE_OF: Record<TestIdentity, Role> = {
  viewer: 'viewer',
  operator: 'operator',
  operator2: 'operator',
  admin: 'admin',
};

/** What authorization must answer: the route's role, or for `operation` routes the role of the operation called (operator). */
function expected(route: RouteSpec, who: TestIdentity | null): 401 | 403 | '2xx' {
  const needed = route.role === 'operation' ? 'operator' : route.role;
  if (needed === 'none') return '2xx';
  if (who === null) return 401;
  return ROLE_RANK[ROLE_OF[who]] >= ROLE_RANK[needed] ? '2xx' : 403;
}

/** A pending four-eyes request by someone other than `approver`, so approving it is allowed. */
async function pendingApproval(approver: TestIdentity | null): Promise<string> {
  const requester: TestIdentity = approver === 'operator' ? 'operator2' : 'operator';
  const path = '/api/services/orders/operations/four-eyes/invoke';
  const asked = (
    await gw.call(requester, 'POST', path, { params: {} })
  ).json() as ConfirmationRequired;
  const res = await gw.call(requester, 'POST', path, {
    params: {},
    confirmToken: asked.confirmToken,
  });
  return (res.json() as InvokeResponse).approvalId!;
}

/** A running deploy of the monitored service, so finishing or comparing it is allowed. */
async function runningDeploy(): Promise<string> {
  const res = await gw.call('operator', 'POST', '/api/deploys', {
    services: [monitoredId],
    version: '1.0.0',
  });
  return (res.json() as { id: string }).id;
}

let alerts = 0;
/** A firing alert nobody acknowledged yet, of a service of its own, so acknowledging it is allowed. */
function firingAlert(): string {
  const id = `svc-${++alerts}`;
  const { dispatcher } = gw.deps.alerting!.core;
  dispatcher.observe({
    service: { id, name: id, group: 'g', tags: [] },
    status: 'down',
    since: new Date(gw.clock.now()).toISOString(),
    check: { id: 'health', type: 'http' },
    cause: 'status: expected 200, actual 503',
  });
  return dispatcher.alerts().find((a) => a.service.id === id)!.id;
}

/** An open maintenance window, so ending it is allowed. */
async function openWindow(): Promise<string> {
  const res = await gw.call('operator', 'POST', '/api/maintenance', {
    match: { services: [monitoredId] },
    duration: '10m',
    reason: 'route roles',
  });
  return (res.json() as { id: string }).id;
}

/** A concrete request for a route: its path params filled, a valid body where it takes one. */
async function requestFor(
  route: RouteSpec,
  who: TestIdentity | null,
): Promise<{ path: string; body?: unknown }> {
  const approvalId =
    route.path.startsWith('/api/approvals/:id') && expected(route, who) === '2xx'
      ? await pendingApproval(who)
      : 'none';
  const deployId = route.path.startsWith('/api/deploys/:id') ? await runningDeploy() : 'none';
  const alertId = route.path.startsWith('/api/alerts/:id') ? firingAlert() : 'none';
  const windowId = route.path === '/api/maintenance/:id' ? await openWindow() : 'none';
  const path = route.path
    .replace(/^\/api\/services\/:id\/operations/, '/api/services/orders/operations')
    .replace(/^\/api\/services\/:id\/slo$/, '/api/services/orders/slo')
    .replace(':op', 'ping')
    .replace(/^\/api\/services\/:id/, `/api/services/${monitoredId}`)
    .replace(/^\/api\/panels\/:id/, '/api/panels/health')
    .replace(/^\/api\/approvals\/:id/, `/api/approvals/${approvalId}`)
    .replace(/^\/api\/deploys\/:id/, `/api/deploys/${deployId}`)
    .replace(/^\/api\/alerts\/:id/, `/api/alerts/${alertId}`)
    .replace(/^\/api\/alerting\/channels\/:id/, '/api/alerting/channels/hook')
    .replace(/^\/api\/maintenance\/:id/, `/api/maintenance/${windowId}`);
  const bodies: Record<string, unknown> = {
    ...validBodies({
      token: TOKENS[who ?? 'viewer'],
      deploy: { services: [monitoredId], version: '1.0.0' },
    }),
    'post /api/alerts/:id/ack': { comment: 'route roles' },
    'post /api/maintenance': { match: { tags: ['prod'] }, duration: '5m', reason: 'route roles' },
  };
  const key = `${route.method} ${route.path}`;
  const query = key === 'get /api/services/changes' ? `?since=${await currentRevision()}` : '';
  return key in bodies ? { path: path + query, body: bodies[key] } : { path: path + query };
}

/** The revision the service list answers with: what a client passes to /api/services/changes. */
async function currentRevision(): Promise<string> {
  const list = await gw.call('admin', 'GET', '/api/services');
  return list.headers.get('x-aether-revision') ?? '0';
}

/** Status of a request, without waiting for a streaming body (SSE) to end. */
async function statusOf(
  method: string,
  path: string,
  who: TestIdentity | null,
  body: unknown,
): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${gw.url}${path}`, {
    method: method.toUpperCase(),
    signal: controller.signal,
    headers: {
      ...(who ? { authorization: `Bearer ${TOKENS[who]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  controller.abort();
  return response.status;
}

const CASES = ROUTES.flatMap((route) =>
  IDENTITIES.map((who) => ({
    route: route as RouteSpec,
    who,
    want: expected(route as RouteSpec, who),
  })),
);

describe('authorization of every route', () => {
  it('covers every route of the contract', () => {
    expect(new Set(CASES.map((c) => `${c.route.method} ${c.route.path}`)).size).toBe(ROUTES.length);
  });

  it.each(
    CASES.map(
      (c) =>
        [
          `${c.route.method.toUpperCase()} ${c.route.path}`,
          c.who ?? 'no credentials',
          c.want,
          c,
        ] as const,
    ),
  )('%s as %s → %s', async (_label, _who, want, { route, who }) => {
    const { path, body } = await requestFor(route, who);
    const status = await statusOf(route.method, path, who, body);
    if (want === '2xx') {
      // every route of the table must be served: a 501 here is a route nobody landed
      const key = `${route.method} ${route.path}`;
      expect(status, `${key} as ${who}`).toBeGreaterThanOrEqual(200);
      expect(status, `${key} as ${who}`).toBeLessThan(300);
    } else {
      expect(status).toBe(want);
    }
  });
});
