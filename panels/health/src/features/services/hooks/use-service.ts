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

const noSubscription = () => () => {};

/** The service a row's trouble comes from (its `rootCause`), live for its name; null without one. */
export function useRootCause(service: ServiceSummary | undefined) {
  const { store } = useServicesData();
  const cause = service?.rootCause ?? null;
  const rootId = cause?.serviceId;
  const root = useSyncExternalStore(
    rootId ? (listener) => store.subscribeService(rootId, listener) : noSubscription,
    () => (rootId ? store.getService(rootId) : undefined),
  );
  return cause && { ...cause, name: root?.name ?? cause.serviceId };
}
