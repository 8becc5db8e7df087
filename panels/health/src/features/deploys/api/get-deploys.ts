import type { ApiClient, Deploy } from '@aether/contract';

/** GET /api/deploys: newest first. */
export function getDeploys(api: ApiClient, limit: number, signal?: AbortSignal): Promise<Deploy[]> {
  return api.get<Deploy[]>('/api/deploys', { query: { limit: String(limit) }, signal });
}
