import type { Middleware } from 'koa';
import { CSRF_HEADER } from '@aether/contract';
import type { AuthServices } from '../auth/auth-services.js';
import { csrfRefusalOf } from '../auth/csrf.js';
import { ANONYMOUS_NAME, type Caller } from '../auth/identity.js';
import type { AetherConfig } from '../config/schema.js';
import { HttpError } from './errors.js';
import { readSessionCookie } from './session-cookie.js';
import type { AppContext, AppState } from './context.js';

export { SESSION_COOKIE } from './session-cookie.js';

/** 429 for an address that failed to log in too often. */
export function tooManyFailures(retryAfter: number): HttpError {
  return new HttpError(429, {
    code: 'too-many-login-failures',
    detail: `Too many failed logins from this address; try again in ${retryAfter}s`,
    headers: { 'Retry-After': String(retryAfter) },
  });
}

/**
 * Resolves ctx.state.identity: `Authorization: Bearer <token>` first (sha256 compared to the
 * config), then the session cookie, else the anonymous role (auth.anonymous). A wrong bearer token
 * is a 401 and counts as a failed login; a stale cookie just falls back to anonymous. Mutating
 * requests that ride on the cookie are checked for CSRF here, before any router runs.
 */
export function authenticate({
  config,
  auth,
}: {
  config: Pick<AetherConfig, 'auth' | 'server'>;
  auth: AuthServices;
}): Middleware<AppState, AppContext> {
  const { tokens, sessions, limiter } = auth;
  const anonymous: Caller = {
    name: ANONYMOUS_NAME,
    role: config.auth.anonymous === 'none' ? null : 'viewer',
    authenticated: false,
    via: 'anonymous',
  };
  // /metrics takes a viewer token (Prometheus' authorization) even where anonymous may read, or
  // no credentials at all with server.metricsPublic: true; ROUTES says viewer for both.
  const anonymousScraper: Caller = {
    ...anonymous,
    role: config.server.metricsPublic ? 'viewer' : null,
  };
  const anonymousFor = (path: string): Caller =>
    path === '/metrics' ? anonymousScraper : anonymous;

  return async (ctx, next) => {
    let caller = anonymousFor(ctx.path);
    const bearer = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'));
    if (bearer) {
      const owner = tokens.find(bearer[1]!.trim());
      if (!owner) {
        // ctx.ip: the socket's address, or the forwarded client's behind server.trustProxy
        const retryAfter = limiter.retryAfter(ctx.ip);
        if (retryAfter > 0) throw tooManyFailures(retryAfter);
        await limiter.fail(ctx.ip);
        ctx.state.log?.warn({ ip: ctx.ip }, 'rejected bearer token');
        throw new HttpError(401, {
          code: 'invalid-token',
          detail: 'The bearer token is not one the gateway knows',
          headers: { 'WWW-Authenticate': 'Bearer realm="aether", error="invalid_token"' },
        });
      }
      caller = { name: owner.name, role: owner.role, authenticated: true, via: 'bearer' };
    } else {
      const id = readSessionCookie(ctx);
      const session = id ? await sessions.find(id) : undefined;
      const role = session ? tokens.roleOf(session.name, session.tokenHash) : undefined;
      if (session && role)
        caller = { name: session.name, role, authenticated: true, via: 'session' };
    }
    ctx.state.identity = caller;
    // Our own origin is built from protocol and host: Koa 3's ctx.origin is the Origin header itself.
    const refused = csrfRefusalOf(
      {
        method: ctx.method,
        via: caller.via ?? 'anonymous',
        origin: ctx.get('origin'),
        csrfHeader: ctx.get(CSRF_HEADER),
        selfOrigin: `${ctx.protocol}://${ctx.host}`,
      },
      config.server.allowedOrigins,
    );
    if (refused) throw refused;
    await next();
  };
}
