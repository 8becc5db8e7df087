import type { Middleware, Next } from 'koa';
import { ROUTES } from '@aether/contract';
import type { AppDeps } from '../deps.js';
import type { AppContext, AppKoaContext, AppState } from '../context.js';
import type { AppRuntime } from '../runtime.js';

/** What a handler sees: the request context plus the contract route's `:params`, decoded. */
export type RouteContext = AppKoaContext & { params: Record<string, string> };
export type RouteHandler = (ctx: RouteContext, next: Next) => unknown;

/** A router per resource: built from the deps (and the app runtime, when it needs metrics or streams). */
export type RouterFactory = (deps: AppDeps, runtime: AppRuntime) => AppRouter;

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const DECLARED = new Set(ROUTES.map((r) => key(r.method, r.path)));

/**
 * The handlers of one resource, keyed by the contract route each serves. There is no path
 * matching here: authorize() matched the request against the contract's ROUTES once and left the
 * route on ctx.state.route, and routes() runs the handler registered for exactly that route, so
 * the route table is the only matcher. A handler for a route ROUTES does not declare is refused
 * when the app is built, so nothing can be served that authorization does not know.
 */
export class AppRouter {
  private readonly handlers = new Map<string, RouteHandler>();

  get(path: string, handler: RouteHandler): this {
    return this.add('get', path, handler);
  }

  post(path: string, handler: RouteHandler): this {
    return this.add('post', path, handler);
  }

  put(path: string, handler: RouteHandler): this {
    return this.add('put', path, handler);
  }

  delete(path: string, handler: RouteHandler): this {
    return this.add('delete', path, handler);
  }

  routes(): Middleware<AppState, AppContext> {
    return async (ctx, next) => {
      const route = ctx.state.route;
      const handler = route ? this.handlers.get(key(route.method, route.path)) : undefined;
      if (!handler) return next();
      const routed = ctx as RouteContext;
      routed.params = ctx.state.routeParams ?? {};
      return handler(routed, next);
    };
  }

  private add(method: string, path: string, handler: RouteHandler): this {
    const k = key(method, path);
    if (!DECLARED.has(k))
      throw new Error(`${k} is not in the ROUTES of @aether/contract: declare it there first`);
    if (this.handlers.has(k)) throw new Error(`${k} has two handlers`);
    this.handlers.set(k, handler);
    return this;
  }
}

export function createRouter(): AppRouter {
  return new AppRouter();
}
