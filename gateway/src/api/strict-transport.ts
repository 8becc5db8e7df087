import type { Middleware } from 'koa';
import type { AppContext, AppState } from './context.js';

/** One year, the usual HSTS preload minimum (the static server sends the same). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Strict-Transport-Security only when the client reached us over TLS: the gateway's own TLS
 * socket, or a proxy trusted by `server.trustProxy` saying `X-Forwarded-Proto: https` (Koa's
 * `ctx.secure`, the same rule as the session cookie's Secure flag). Over plain http a browser
 * ignores it, and a loopback demo on http://localhost must not tell one otherwise.
 */
export function strictTransportSecurity(): Middleware<AppState, AppContext> {
  return async (ctx, next) => {
    if (ctx.secure) ctx.set('strict-transport-security', HSTS);
    await next();
  };
}
