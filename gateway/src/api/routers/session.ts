import { SessionRequest } from '@aether/contract';
import { SESSION_COOKIE, tooManyFailures } from '../authenticate.js';
import { toIdentity } from '../../auth/identity.js';
import { HttpError } from '../errors.js';
import { parseBody } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** Browser sessions: a token exchanged once for an HttpOnly, SameSite=Strict cookie. */
export const sessionRouter: RouterFactory = (deps) => {
  const { tokens, sessions, limiter } = deps.auth;

  return createRouter()
    .get('/api/session', (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = toIdentity(ctx.state.identity);
    })
    .post('/api/session', async (ctx) => {
      const { token } = parseBody(ctx, SessionRequest);
      const owner = tokens.find(token);
      if (!owner) {
        // only wrong tokens are limited: someone else's failures never lock out a valid token
        const retryAfter = limiter.retryAfter(ctx.ip);
        if (retryAfter > 0) throw tooManyFailures(retryAfter);
        await limiter.fail(ctx.ip);
        ctx.state.log.warn({ ip: ctx.ip }, 'failed login');
        throw new HttpError(401, {
          code: 'invalid-token',
          detail: 'That token is not one the gateway knows',
        });
      }
      const previous = ctx.cookies.get(SESSION_COOKIE);
      if (previous) await sessions.delete(previous);
      const session = await sessions.create(owner.name);
      ctx.cookies.set(SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secure,
        path: '/',
        maxAge: session.expiresAt - deps.clock.now(),
        overwrite: true,
      });
      ctx.state.log.info({ actor: owner.name, role: owner.role }, 'session started');
      await deps.audit.record({
        action: 'login',
        actor: owner.name,
        role: owner.role,
        target: 'session',
      });
      ctx.set('Cache-Control', 'no-store');
      ctx.body = toIdentity({ name: owner.name, role: owner.role, authenticated: true });
    })
    .delete('/api/session', async (ctx) => {
      const id = ctx.cookies.get(SESSION_COOKIE);
      if (id) await sessions.delete(id);
      const caller = ctx.state.identity;
      if (id && caller.via === 'session') {
        await deps.audit.record({
          action: 'logout',
          actor: caller.name,
          role: caller.role,
          target: 'session',
        });
      }
      ctx.cookies.set(SESSION_COOKIE, '', {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secure,
        path: '/',
        maxAge: 0,
        overwrite: true,
      });
      ctx.status = 204;
    });
};
