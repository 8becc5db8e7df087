import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { AppContext, AppState } from './context.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * A child logger per request (ctx.state.log, carrying the request id) and one line per request
 * when the response is finished, so the logged status is the one the client got.
 */
export function requestLog(logger: Logger): Middleware<AppState, AppContext> {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const reqId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', reqId);
    const log = logger.child({ reqId });
    ctx.state.log = log;
    const started = process.hrtime.bigint();
    const done = () => {
      ctx.res.off('finish', done);
      ctx.res.off('close', done);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = ctx.res.headersSent ? ctx.res.statusCode : ctx.status;
      // info even for 5xx: the error middleware has already logged the failure itself, once
      log.info(
        { method: ctx.method, url: ctx.originalUrl, status, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    };
    ctx.res.on('finish', done);
    ctx.res.on('close', done);
    await next();
  };
}
