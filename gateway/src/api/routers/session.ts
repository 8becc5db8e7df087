import { SessionRequest } from '@aether/contract';
import { tooManyFailures } from '../authenticate.js';
import { clearSessionCookies, readSessionCookie, writeSessionCookie } from '../session-cookie.js';
import { toIdentity } from '../../auth/identity.js';
import { HttpError } from '../errors.js';
import { parseBody } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/**
 * Browser sessions: a token exchanged once for an HttpOnly, SameSite=Strict cookie — Secure and
 * named `__Host-aether_session` when the request came over TLS (api/session-cookie.ts).
 */
export const sessionRouter: RouterFactory = (deps, runtime) => {
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
      const previous = readSessionCookie(ctx);
      if (previous) await sessions.delete(previous);
      const session = await sessions.create(owner.name, owner.tokenHash);
      writeSessionCookie(ctx, session.id, session.expiresAt - deps.clock.now());
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
      const id = readSessionCookie(ctx);
      if (id) {
        await sessions.delete(id);
        // live streams opened with this session end with it, not at their next reconnect
        runtime.streams.endStreamsOfSession(id);
      }
      const caller = ctx.state.identity;
      if (id && caller.via === 'session') {
        await deps.audit.record({
          action: 'logout',
          actor: caller.name,
          role: caller.role,
          target: 'session',
        });
      }
      clearSessionCookies(ctx);
      ctx.status = 204;
    });
};
