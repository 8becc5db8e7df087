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

export function useLastResultAt(): string | null {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.getLastResultAt(),
  );
}
