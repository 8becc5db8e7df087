import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER, Identity } from '@aether/contract';
import { TOKENS } from '../testing/operate-app.js';
import { ordersAppForFile } from '../testing/orders-app.js';
import { SESSION_COOKIE } from './authenticate.js';
import { DEFAULT_LOGIN_LIMITS } from '../auth/login-limiter.js';

const { gw } = ordersAppForFile([
  {
    id: 'ping',
    title: 'Ping',
    method: 'GET',
    path: '/ping',
    mutating: false,
    ratePerMinute: 1000,
  },
]);

/** A request with exactly these headers (cookie, origin, csrf): undici.request, since fetch drops Origin. */
async function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  const response = await request(`${gw().url}${path}`, {
    method: method as 'GET',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const get = (name: string) => {
    const value = response.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  return { status: response.statusCode, headers: { get }, text: await response.body.text() };
}

async function login(token: string = TOKENS.operator): Promise<string> {
  const res = await raw('POST', '/api/session', {}, { token });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!;
  return cookie.split(';')[0]!;
}

describe('sessions', () => {
  it('exchanges a token for an HttpOnly, SameSite=Strict cookie that is not Secure over http', async () => {
    const res = await raw('POST', '/api/session', {}, { token: TOKENS.operator });
    expect(res.status).toBe(200);
    expect(Identity.parse(JSON.parse(res.text))).toEqual({
      name: 'otto',
      role: 'operator',
      authenticated: true,
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=strict');
    expect(cookie.toLowerCase()).not.toContain('secure;');
    expect(cookie).toMatch(/max-age=3600|expires=/i);
  });

  it('stores only a hash of the session id', async () => {
    const cookie = await login();
    const id = cookie.split('=')[1]!;
    const rows = await gw().stores.rawSql('SELECT * FROM sessions');
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('answers GET /api/session with who the cookie belongs to, and anonymous without it', async () => {
    const cookie = await login(TOKENS.admin);
    expect(JSON.parse((await raw('GET', '/api/session', { cookie })).text)).toEqual({
      name: 'ada',
      role: 'admin',
      authenticated: true,
    });
    expect(JSON.parse((await raw('GET', '/api/session')).text)).toEqual({
      name: 'anonymous',
      role: 'viewer',
      authenticated: false,
    });
  });

  it('lets the cookie authorize reads, and logs out with DELETE', async () => {
    const cookie = await login();
    expect((await raw('GET', '/api/audit', { cookie })).status).toBe(200);
    const out = await raw('DELETE', '/api/session', { cookie, [CSRF_HEADER]: '1' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    // the old cookie is dead server-side too, not just forgotten by the browser
    expect((await raw('GET', '/api/audit', { cookie })).status).toBe(401);
  });

  it('expires sessions after auth.sessionTtl', async () => {
    const cookie = await login();
    gw().clock.advance(60 * 60_000 + 1);
    expect(JSON.parse((await raw('GET', '/api/session', { cookie })).text)).toMatchObject({
      authenticated: false,
    });
  });

  it('refuses an unknown token with 401', async () => {
    const res = await raw('POST', '/api/session', {}, { token: 'not-a-token' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses unknown fields in the login body', async () => {
    expect(
      (await raw('POST', '/api/session', {}, { token: TOKENS.operator, role: 'admin' })).status,
    ).toBe(400);
  });
});

describe('CSRF', () => {
  const invoke = (headers: Record<string, string>) =>
    raw('POST', '/api/services/orders/operations/ping/invoke', headers, { params: {} });

  it.each([
    ['with the header and no Origin', { [CSRF_HEADER]: '1' }, 200],
    [
      'with the header and an allowed Origin',
      { [CSRF_HEADER]: '1', origin: 'http://localhost:5173' },
      200,
    ],
    ['without the header', {}, 403],
    [
      'with the header but a foreign Origin',
      { [CSRF_HEADER]: '1', origin: 'http://evil.example' },
      403,
    ],
  ])('a cookie-authenticated POST %s → %s', async (_name, headers, status) => {
    const cookie = await login();
    const res = await invoke({ cookie, ...headers });
    expect(res.status).toBe(status);
    if (status === 403)
      expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:aether:problem:csrf' });
  });

  it('does not ask bearer callers for the header (nothing attaches their token for them)', async () => {
    expect((await invoke({ authorization: `Bearer ${TOKENS.operator}` })).status).toBe(200);
  });

  it('refuses a login posted from a foreign origin', async () => {
    expect(
      (
        await raw(
          'POST',
          '/api/session',
          { origin: 'http://evil.example' },
          { token: TOKENS.operator },
        )
      ).status,
    ).toBe(403);
  });

  it('allows cookie-authenticated reads without the header', async () => {
    const cookie = await login();
    expect((await raw('GET', '/api/approvals', { cookie })).status).toBe(200);
  });
});

describe('failed login limit', () => {
  it(`answers 429 with Retry-After to wrong tokens after ${DEFAULT_LOGIN_LIMITS.maxFailures} failures, never to a good one, until the window passes`, async () => {
    // all tests share the loopback address: move past earlier failures first
    gw().clock.advance(DEFAULT_LOGIN_LIMITS.windowMs);
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.maxFailures; i++) {
      expect((await raw('POST', '/api/session', {}, { token: `wrong-${i}` })).status).toBe(401);
    }
    const limited = await raw('POST', '/api/session', {}, { token: 'wrong-again' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // bearer guessing is limited by the same budget
    expect((await raw('GET', '/api/audit', { authorization: 'Bearer wrong-bearer' })).status).toBe(
      429,
    );
    // someone else's failures from this address never lock out a valid token
    expect((await raw('POST', '/api/session', {}, { token: TOKENS.operator })).status).toBe(200);
    expect(
      (await raw('GET', '/api/audit', { authorization: `Bearer ${TOKENS.operator}` })).status,
    ).toBe(200);
    // and a success resets nothing: the next wrong token is still refused
    expect((await raw('POST', '/api/session', {}, { token: 'wrong-after' })).status).toBe(429);
    gw().clock.advance(DEFAULT_LOGIN_LIMITS.windowMs);
    expect((await raw('POST', '/api/session', {}, { token: 'wrong-later' })).status).toBe(401);
  });

  it('counts wrong bearer tokens as failed logins', async () => {
    gw().clock.advance(DEFAULT_LOGIN_LIMITS.windowMs);
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.maxFailures; i++) {
      expect((await raw('GET', '/api/audit', { authorization: `Bearer wrong-${i}` })).status).toBe(
        401,
      );
    }
    expect((await raw('POST', '/api/session', {}, { token: 'wrong-login' })).status).toBe(429);
    gw().clock.advance(DEFAULT_LOGIN_LIMITS.windowMs);
  });
});
