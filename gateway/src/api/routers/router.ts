import Router from '@koa/router';
import type { AppDeps } from '../deps.js';
import type { AppContext, AppState } from '../context.js';
import type { AppRuntime } from '../runtime.js';

export type AppRouter = Router<AppState, AppContext>;

/** A router per resource: built from the deps (and the app runtime, when it needs metrics or streams). */
export type RouterFactory = (deps: AppDeps, runtime: AppRuntime) => AppRouter;

export function createRouter(): AppRouter {
  return new Router<AppState, AppContext>();
}
