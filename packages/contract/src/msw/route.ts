import { http, type DefaultBodyType, type HttpResponseResolver, type PathParams } from 'msw';
import { ROUTES, type Route } from '../routes.js';

/** The route table's entry for one method and path, with its own schemas' types. */
export type RouteOf<M extends Route['method'], P extends Route['path']> = Extract<
  Route,
  { method: M; path: P }
>;

/**
 * One route as the contract's route table (ROUTES) declares it: its path, role, query, body and
 * answer schemas. A mock handler reads them from here, so it checks and answers with what the
 * gateway declares instead of naming the schemas again: `const LIST = route('get', '/api/deploys')`,
 * then `LIST.query.safeParse(…)`, `LIST.responses[200].parse(…)`, `callerRefusal(LIST.role, …)`.
 */
export function route<M extends Route['method'], P extends Extract<Route, { method: M }>['path']>(
  method: M,
  path: P,
): RouteOf<M, P> {
  const spec = ROUTES.find((r) => r.method === method && r.path === path);
  if (!spec) throw new Error(`No route ${method.toUpperCase()} ${path} in ROUTES`);
  return spec as RouteOf<M, P>;
}

/** The MSW handler of a route, at its method and path under `baseUrl`. */
export function handle<Params extends PathParams<keyof Params> = PathParams>(
  baseUrl: string,
  spec: Route,
  resolver: HttpResponseResolver<Params, DefaultBodyType, undefined>,
) {
  return http[spec.method]<Params>(`${baseUrl}${spec.path}`, resolver);
}
