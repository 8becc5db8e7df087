import type {
  ApiClient,
  FleetSummary,
  ServiceChanges,
  ServiceList,
  Status,
} from '@aether/contract';

/** The filters of a list view, as the gateway takes them (AND-combined; absent = all). */
export interface ServiceFilters {
  status?: readonly Status[];
  group?: string;
  tag?: string;
  q?: string;
}

/** Services per page when the panel reads the whole fleet: the gateway's largest page. */
export const FLEET_PAGE = 1000;

/**
 * The whole fleet, a page of FLEET_PAGE at a time, each next page where the previous answer's
 * `Link: rel="next"` points (the gateway never serializes the whole list for the panel). A shell
 * older than context 1.1 has no getPage: then one GET of the whole list, as before.
 */
export async function getServices(api: ApiClient, signal?: AbortSignal): Promise<ServiceList> {
  if (typeof api.getPage !== 'function') return api.get<ServiceList>('/api/services', { signal });
  const all: ServiceList = [];
  let page = await api.getPage<ServiceList>('/api/services', {
    signal,
    query: { limit: FLEET_PAGE },
  });
  for (;;) {
    for (const service of page.data) all.push(service);
    if (page.next === null) return all;
    page = await api.getPage<ServiceList>(page.next, { signal });
  }
}

/** The first `limit` services matching `filters`: enough to paint a view before the whole fleet arrives. */
export function getServicesPage(
  api: ApiClient,
  filters: ServiceFilters,
  limit: number,
  signal?: AbortSignal,
): Promise<ServiceList> {
  return api.get<ServiceList>('/api/services', {
    signal,
    query: {
      status: filters.status?.length ? filters.status.join(',') : undefined,
      group: filters.group || undefined,
      tag: filters.tag || undefined,
      q: filters.q || undefined,
      limit,
    },
  });
}

/** Counts of the fleet and the revision they were taken at. */
export function getSummary(api: ApiClient, signal?: AbortSignal): Promise<FleetSummary> {
  return api.get<FleetSummary>('/api/summary', { signal });
}

/** Every service that changed after `since`, and the ids removed since (410 revision-expired when too old). */
export function getServiceChanges(
  api: ApiClient,
  since: number,
  signal?: AbortSignal,
): Promise<ServiceChanges> {
  return api.get<ServiceChanges>('/api/services/changes', { signal, query: { since } });
}
