import type { Identity, Role } from '@aether/contract';

/** Who is calling, as the routers see it (ctx.state.identity). */
export interface Caller extends Identity {
  role: Role | null;
}

export const ANONYMOUS_NAME = 'anonymous';
