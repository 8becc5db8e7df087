import { useSyncExternalStore } from 'react';
import type { ServiceSummary } from '@aether/contract';
import { useServicesData } from '../store/services-store-context';
import type { FeedState } from '../store/services-feed';

/** The fleet's load state (GET /api/services, then live events) with a retry. */
export function useServicesFeedState(): FeedState & { retry: () => void } {
  const { feed } = useServicesData();
  const state = useSyncExternalStore(
    (listener) => feed.subscribe(listener),
    () => feed.getState(),
  );
  return { ...state, retry: feed.reload };
}

/**
 * Every service, re-rendering on membership or status changes only (not on each latency): for
 * facets, lookups and counts, never for rows.
 */
export function useServices(): readonly ServiceSummary[] {
  const { store } = useServicesData();
  useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.structureVersion(),
  );
  return store.getAll();
}
