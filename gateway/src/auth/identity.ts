import type { Identity, Role } from '@aether/contract';

/** How the caller proved who they are; CSRF rules apply to `session` only. */
export type CallerVia = 'bearer' | 'session' | 'anonymous';

/** Who is calling, as the routers see it (ctx.state.identity). */
export interface Caller extends Identity {
  role: Role | null;
  via?: CallerVia;
}

export const ANONYMOUS_NAME = 'anonymous';

/** The public part of a caller, as GET /api/session answers it. */
export function toIdentity(caller: Caller): Identity {
  return { name: caller.name, role: caller.role, authenticated: caller.authenticated };
}
