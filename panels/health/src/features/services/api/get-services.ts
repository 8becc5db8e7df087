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

/** The whole fleet. */
export function getServices(api: ApiClient, signal?: AbortSignal): Promise<ServiceList> {
  return api.get<ServiceList>('/api/services', { signal });
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
