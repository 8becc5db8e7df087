import type { Middleware } from 'koa';
import { createHostPolicy } from '../auth/allowed-hosts.js';
import type { AetherConfig } from '../config/schema.js';
import { HttpError } from './errors.js';
import type { AppContext, AppState } from './context.js';

/** Liveness and readiness answer any Host: orchestrators probe by pod IP or service name, and they reveal nothing. */
const ANY_HOST = new Set(['/health', '/ready']);

/**
 * Refuses requests whose Host the gateway does not go by (auth/allowed-hosts.ts), before
 * anything else runs: a page on a rebinding name must not read or drive the gateway with the
 * browser's network position. 421 Misdirected Request, as problem+json.
 */
export function hostGuard(
  server: Pick<AetherConfig['server'], 'allowedOrigins' | 'allowedHosts'>,
): Middleware<AppState, AppContext> {
  const allowed = createHostPolicy(server);
  return async (ctx, next) => {
    const host = ctx.get('host');
    if (!ANY_HOST.has(ctx.path) && !allowed(host)) {
      throw new HttpError(421, {
        code: 'host-not-allowed',
        detail: `This gateway does not answer to the host "${host.slice(0, 100)}"; add it to server.allowedHosts`,
      });
    }
    await next();
  };
}
