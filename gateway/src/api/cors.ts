import type { Middleware } from 'koa';
import { CSRF_HEADER } from '@aether/contract';
import { HttpError } from './errors.js';
import type { AppContext, AppState } from './context.js';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'if-none-match',
  'last-event-id',
  CSRF_HEADER,
].join(', ');
const EXPOSE_HEADERS = 'etag, link, location, retry-after, x-aether-revision, x-request-id';

/**
 * CORS for the configured origins only, with credentials (the shell sends the session cookie).
 * Other origins get no CORS headers, so browsers keep their pages from reading our answers;
 * their preflights are refused outright.
 */
export function cors(allowedOrigins: readonly string[]): Middleware<AppState, AppContext> {
  const allowed = new Set(allowedOrigins);
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    ctx.vary('Origin');
    const isPreflight = ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '';
    if (!origin || !allowed.has(origin)) {
      if (origin && isPreflight)
        throw new HttpError(403, {
          code: 'origin-not-allowed',
          detail: `Origin ${origin} is not in server.allowedOrigins`,
        });
      return next();
    }
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Credentials', 'true');
    if (isPreflight) {
      ctx.set('Access-Control-Allow-Methods', ALLOW_METHODS);
      ctx.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    return next();
  };
}
