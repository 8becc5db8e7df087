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
 * Every service, re-rendering only when services come, go, or change group, name or tags — not on
 * status or latency changes, which rows and the summary follow on their own. The same array until
 * membership changes, so what is derived from it (facets) can be memoised on it; its statuses and
 * metrics may be older than the store's.
 */
export function useFleetMembers(): readonly ServiceSummary[] {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.getMembers(),
  );
}
