import type { AlertMatch, AlertRoute } from '../config/alerting-schema.js';
import { matchesService, type MatchableService } from '../maintenance/window-match.js';
import type { Severity } from './types.js';

export interface RoutableAlert {
  service: MatchableService;
  severity?: Severity;
}

/**
 * A route's match: the service rule of maintenance windows, plus severity. An alert without a
 * severity (a service status alert) never fits a route that asks for one.
 */
export function routeMatches(match: AlertMatch, alert: RoutableAlert): boolean {
  if (!matchesService(match, alert.service)) return false;
  if (match.severity && !(alert.severity && match.severity.includes(alert.severity))) return false;
  return true;
}

/** Routes are tried in order; the first that fits is used, the rest are not looked at. */
export function findRoute(
  routes: readonly AlertRoute[],
  alert: RoutableAlert,
): { route: AlertRoute; index: number } | undefined {
  const index = routes.findIndex((route) => routeMatches(route.match, alert));
  return index === -1 ? undefined : { route: routes[index]!, index };
}
