import type { ServiceMatch } from '../config/alerting-schema.js';

/** What a matcher looks at: a service's id, group and tags. */
export interface MatchableService {
  id: string;
  group: string;
  tags: readonly string[];
}

/**
 * Every key given must fit (AND); within a key any listed value will do (OR); `{}` matches
 * every service. One rule for maintenance windows and alert routes, so "which services does
 * this cover" has one answer.
 */
export function matchesService(match: ServiceMatch, service: MatchableService): boolean {
  if (match.services && !match.services.includes(service.id)) return false;
  if (match.groups && !match.groups.includes(service.group)) return false;
  if (match.tags && !match.tags.some((tag) => service.tags.includes(tag))) return false;
  return true;
}
