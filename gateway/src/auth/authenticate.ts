import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AetherConfig } from '../config/schema.js';
import { ANONYMOUS_NAME, type Caller } from './identity.js';

/**
 * Resolves ctx.state.identity from `Authorization: Bearer <token>` (sha256 compared to the
 * config) or falls back to the anonymous role. Sessions (cookie) are added by the operate work.
 */
export function authenticate(config: AetherConfig): Middleware {
  const tokens = config.auth.tokens.map((t) => ({ ...t, digest: Buffer.from(t.sha256, 'hex') }));
  const anonymous: Caller = {
    name: ANONYMOUS_NAME,
    role: config.auth.anonymous === 'none' ? null : 'viewer',
    authenticated: false,
  };
  return async (ctx, next) => {
    let caller = anonymous;
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match) {
      const digest = createHash('sha256').update(match[1]!.trim()).digest();
      const found = tokens.find((t) => t.digest.length === digest.length && timingSafeEqual(t.digest, digest));
      if (!found) return ctx.throw(401, 'Invalid token');
      caller = { name: found.name, role: found.role, authenticated: true };
    }
    ctx.state.identity = caller;
    await next();
  };
}
