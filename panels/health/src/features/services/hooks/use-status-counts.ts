import { useSyncExternalStore } from 'react';
import { useServicesData } from '../store/services-store-context';
import type { StatusCounts } from '../store/services-store';

export function useStatusCounts(): StatusCounts {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.getCounts(),
  );
}

/** Whether the counts are the fleet's yet (a first page may come before the summary). */
export function useCountsKnown(): boolean {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.countsKnown,
  );
}

/**
 * The fleet's size before the whole fleet is here (the summary's counts), null while those are
 * unknown too. A number, so status changes that keep the total re-render nothing.
 */
export function useFleetTotal(): number | null {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => (store.countsKnown ? Object.values(store.getCounts()).reduce((n, c) => n + c, 0) : null),
  );
}

export function useLastResultAt(): string | null {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.getLastResultAt(),
  );
}
