import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { RouteSpec } from '@aether/contract';
import type { Caller } from '../auth/identity.js';

/** What the middleware chain leaves on ctx.state for the routers. */
export interface AppState {
  /** Set by authenticate(): the caller, or the anonymous role. */
  identity: Caller;
  /** A child logger of this request (carries its request id). */
  log: Logger;
  /** The contract route the request matched (set by authorize()). */
  route?: RouteSpec;
  /** The matched route's `:params`, decoded (set by authorize(); as sent for a bad encoding). */
  routeParams?: Record<string, string>;
  /** Set by authorize() when it refuses the caller's role (401/403), for the audit of refusals. */
  roleRefused?: boolean;
}

/** Extra context properties; none yet, but routers are typed against it so one can be added in one place. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppContext {}

export type AppKoaContext = ParameterizedContext<AppState, AppContext>;

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, set by readJsonBody(); undefined when the request had none. */
    body?: unknown;
  }
}
