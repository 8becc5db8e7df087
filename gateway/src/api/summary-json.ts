import type { ServiceSummary } from '@aether/contract';

/**
 * JSON of each service summary, made once per summary object. The monitor keeps a service's
 * summary object until that service changes, so the list (GET /api/services) and the SSE
 * snapshot re-serialize only the services that changed and join the rest: at 10,000 services
 * the whole list is megabytes of JSON, and a snapshot per connecting client would otherwise
 * JSON.stringify all of it on the event loop that answers everyone else.
 */
const fragments = new WeakMap<ServiceSummary, string>();

export function summaryJson(summary: ServiceSummary): string {
  let json = fragments.get(summary);
  if (json === undefined) fragments.set(summary, (json = JSON.stringify(summary)));
  return json;
}

/** `JSON.stringify(services)`, from the cached fragments. */
export function summariesJson(services: readonly ServiceSummary[]): string {
  return `[${services.map(summaryJson).join(',')}]`;
}
