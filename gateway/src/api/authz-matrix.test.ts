import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, ROLE_RANK, ROUTES, type Role, type RouteSpec } from '@aether/contract';
import { makeServices } from '@aether/contract/fixtures';
import { createAdminTarget, type AdminTarget } from '../testing/admin-target.js';
import { TOKENS, startOperateApp, type OperateApp } from '../testing/operate-app.js';
import { operation, ordersService } from '../testing/test-operations.js';
import { validBodies } from '../testing/route-bodies.js';

/**
 * The authorization matrix, generated from the contract's route table: every route × every
 * identity (none, viewer, operator, admin) × every way of presenting it (bearer token, session
 * cookie with the CSRF header, session cookie without it). Each answer must be what the route's
 * role demands — 401 without credentials, 403 for a role too low, anything but 401/403/5xx when
 * allowed — and a write riding on the cookie without the CSRF header is refused (403) whoever
 * sends it. A route added to ROUTES joins the matrix without a test change.
 */

type Who = 'viewer' | 'operator' | 'admin' | null;
type Mode = 'bearer' | 'cookie + CSRF header' | 'cookie without CSRF header';
type Want = 401 | 403 | 'allowed';

const IDENTITIES: Who[] = [null, 'viewer', 'operator', 'admin'];
const MODES: Mode[] = ['bearer', 'cookie + CSRF header', 'cookie without CSRF header'];
const SAFE = new Set(['get', 'head', 'options']);

let target: AdminTarget;
let gw: OperateApp;
const monitoredId = makeServices(2)[0]!.id;

beforeAll(async () => {
  target = await createAdminTarget();
  gw = await startOperateApp({
    anonymous: 'none',
    services: [
      ordersService(target.url, [
        operation('ping', 'GET /ping', { role: 'operator', ratePerMinute: 10_000 }),
      ]),
    ],
  });
});

const tally = { cases: 0, allowed: 0, 401: 0, 403: 0, violations: 0 };
afterAll(async () => {
  await gw?.close();
  await target?.close();
  // the figures for the README's security section
  console.log(
    `authz matrix: ${ROUTES.length} routes x ${IDENTITIES.length} identities x ${MODES.length} ways = ${tally.cases} cases; allowed ${tally.allowed}, 401 ${tally[401]}, 403 ${tally[403]}; violations ${tally.violations}`,
  );
});

function expected(route: RouteSpec, who: Who, mode: Mode): Want {
  // CSRF is checked before the role: a cookie write without the header is refused for everyone
  if (who && mode === 'cookie without CSRF header' && !SAFE.has(route.method)) return 403;
  // an operation route takes the role of the operation called: ping needs an operator
  const needed = route.role === 'operation' ? 'operator' : route.role;
  if (needed === 'none') return 'allowed';
  if (who === null) return 401;
  return ROLE_RANK[who as Role] >= ROLE_RANK[needed] ? 'allowed' : 403;
}

/** A request the route accepts when authorized: its params filled, a valid body where it takes one. */
function requestFor(route: RouteSpec, who: Who): { path: string; body?: unknown } {
  const path = route.path
    .replace(/^\/api\/services\/:id\/operations/, '/api/services/orders/operations')
    .replace(':op', 'ping')
    .replace(/^\/api\/services\/:id/, `/api/services/${monitoredId}`)
    .replace(/^\/api\/panels\/:id/, '/api/panels/health')
    .replace(':id', 'none');
  const bodies = validBodies({
    token: TOKENS[who ?? 'viewer'],
    deploy: { services: ['orders'], version: '1.2.3' },
  });
  const key = `${route.method} ${route.path}`;
  const query = key === 'get /api/services/changes' ? '?since=0' : '';
  return key in bodies ? { path: path + query, body: bodies[key] } : { path: path + query };
}

/** A fresh session of `who` (a logout case ends its own): the cookie exactly as the gateway set it. */
async function sessionCookie(who: Exclude<Who, null>): Promise<string> {
  const res = await gw.call(null, 'POST', '/api/session', { token: TOKENS[who] });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  expect(cookie).toMatch(/=.+/);
  return cookie!;
}

/** Status of a request, without waiting for a streaming body (SSE) to end. */
async function statusOf(route: RouteSpec, who: Who, mode: Mode): Promise<number> {
  const { path, body } = requestFor(route, who);
  const headers: Record<string, string> = {};
  if (who && mode === 'bearer') headers.authorization = `Bearer ${TOKENS[who]}`;
  if (who && mode !== 'bearer') headers.cookie = await sessionCookie(who);
  if (mode === 'cookie + CSRF header') headers[CSRF_HEADER] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const response = await fetch(`${gw.url}${path}`, {
    method: route.method.toUpperCase(),
    signal: controller.signal,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  controller.abort();
  return response.status;
}

const CASES = ROUTES.flatMap((route) =>
  IDENTITIES.flatMap((who) =>
    MODES.map((mode) => {
      const want = expected(route as RouteSpec, who, mode);
      return [
        `${route.method.toUpperCase()} ${route.path}`,
        who ?? 'nobody',
        mode,
        want,
        route as RouteSpec,
      ] as const;
    }),
  ),
);

describe('authorization matrix', () => {
  it('covers every route, identity and way of presenting it', () => {
    expect(CASES).toHaveLength(ROUTES.length * IDENTITIES.length * MODES.length);
  });

  it.each(CASES)('%s as %s by %s → %s', async (_label, _who, mode, want, route) => {
    const who = _who === 'nobody' ? null : (_who as Who);
    const status = await statusOf(route, who, mode);
    tally.cases += 1;
    const ok =
      want === 'allowed' ? status !== 401 && status !== 403 && status < 500 : status === want;
    if (!ok) tally.violations += 1;
    else tally[want] += 1;
    expect(ok, `${route.method} ${route.path} as ${who} by ${mode}: ${status}, want ${want}`).toBe(
      true,
    );
  });
});
