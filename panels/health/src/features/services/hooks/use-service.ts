import { useSyncExternalStore } from 'react';
import type { ServiceSummary } from '@aether/contract';
import { useServicesData } from '../store/services-store-context';

/** One service, re-rendering only when that service changes. */
export function useService(id: string): ServiceSummary | undefined {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribeService(id, listener),
    () => store.getService(id),
  );
}

export function useRecentLatencies(id: string): readonly number[] | undefined {
  const { store } = useServicesData();
  return useSyncExternalStore(
    (listener) => store.subscribeService(id, listener),
    () => store.getRecentLatencies(id),
  );
}
