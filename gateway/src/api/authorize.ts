import type { Middleware } from 'koa';
import { ROUTES, type RouteSpec } from '@aether/contract';
import { hasRole } from '../auth/roles.js';
import { HttpError } from './errors.js';
import type { AppContext, AppState } from './context.js';

interface CompiledRoute {
  spec: RouteSpec;
  method: string;
  pattern: RegExp;
  /** Names of the path's `:params`, in the order of the pattern's groups. */
  names: string[];
}

/** /api/services/:id → ^/api/services/([^/]+)$ with names ['id'] */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), names };
}

export interface RouteMatch {
  /** The route of this method and path; undefined when only other methods exist (405). */
  route: RouteSpec | undefined;
  /** Methods the path answers to, for Allow. */
  allowed: string[];
  /** The route's `:params`, URL-decoded (as sent when a part is not valid percent-encoding). */
  params: Record<string, string>;
}

/** Finds the contract route of a request; undefined when the path is not the gateway's at all. */
export function createRouteMatcher(routes: readonly RouteSpec[] = ROUTES) {
  const compiled: CompiledRoute[] = routes.map((spec) => ({
    spec,
    method: spec.method.toUpperCase(),
    ...compile(spec.path),
  }));
  return (method: string, path: string): RouteMatch | undefined => {
    const onPath = compiled.filter((r) => r.pattern.test(path));
    if (onPath.length === 0) return undefined;
    const wanted = method === 'HEAD' ? 'GET' : method;
    const allowed = [
      ...new Set(onPath.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method]))),
    ];
    // /api/services/changes beats /api/services/:id whatever the order ROUTES lists them in
    const matched = onPath
      .filter((r) => r.method === wanted)
      .reduce<CompiledRoute | undefined>(
        (best, r) => (best && best.names.length <= r.names.length ? best : r),
        undefined,
      );
    const params: Record<string, string> = {};
    const groups = matched?.pattern.exec(path);
    matched?.names.forEach((name, i) => (params[name] = safeDecode(groups![i + 1]!)));
    return { route: matched?.spec, allowed, params };
  };
}

/**
 * Authorization in one place: every request is matched against the contract's ROUTES and its
 * declared role enforced here, so a router cannot forget it. Unknown path → 404, known path with
 * another method → 405, no usable identity → 401, role too low → 403. Routes whose role is
 * `operation` need an authenticated caller here; the rest is left to their handler, which knows
 * the operation's configured role.
 */
export function authorize(routes: readonly RouteSpec[] = ROUTES): Middleware<AppState, AppContext> {
  const match = createRouteMatcher(routes);
  return async (ctx, next) => {
    const found = match(ctx.method, ctx.path);
    if (!found) throw new HttpError(404, { detail: `No such resource: ${ctx.path}` });
    if (!found.route) {
      const allow = [...found.allowed, 'OPTIONS'].join(', ');
      if (ctx.method === 'OPTIONS') {
        ctx.set('Allow', allow);
        ctx.status = 204;
        return;
      }
      throw new HttpError(405, {
        detail: `${ctx.method} is not allowed on ${ctx.path}; use ${found.allowed.join(', ')}`,
        headers: { Allow: allow },
      });
    }
    ctx.state.route = found.route;
    ctx.state.routeParams = found.params;
    const required = found.route.role;
    // An `operation` route's role is the operation's own (its handler checks it), but nobody
    // unauthenticated may use one: 401 here, before the body is read or anything is written.
    if (required === 'operation' && !ctx.state.identity?.authenticated) {
      throw new HttpError(401, {
        code: 'unauthenticated',
        detail: 'Operations need a known caller: send Authorization: Bearer <token>',
        headers: { 'WWW-Authenticate': 'Bearer realm="aether"' },
      });
    }
    if (required !== 'none' && required !== 'operation') {
      const caller = ctx.state.identity;
      if (!hasRole(caller?.role, required)) {
        ctx.state.roleRefused = true;
        // anonymous callers are asked to authenticate; known callers are told their role is too low
        if (!caller?.authenticated) {
          throw new HttpError(401, {
            code: 'unauthenticated',
            detail: `This needs the ${required} role: send Authorization: Bearer <token>`,
            headers: { 'WWW-Authenticate': 'Bearer realm="aether"' },
          });
        }
        throw new HttpError(403, {
          code: 'forbidden',
          detail: `${caller.name} has the ${caller.role ?? 'no'} role; this needs ${required}`,
        });
      }
    }
    return next();
  };
}

/** Like @koa/router: a part that is not valid percent-encoding is passed on as it came. */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
