import { useCallback, useSyncExternalStore } from 'react';
import { useServicesData } from '../features/services/store/services-store-context';

/**
 * Whether any of `ids` is down now, from the panel's live store: re-renders when that answer
 * changes, not on every change of the fleet (the deploy page keeps its frames under 1,000
 * changes/s). Here in app/, beside the store's provider, so features other than services may ask;
 * the deploy page's bake bar needs it at a deploy's finish, before any result after it.
 */
export function useAnyDown(ids: readonly string[]): boolean {
  const { store } = useServicesData();
  const key = ids.join(' ');
  const subscribe = useCallback(
    (listener: () => void) => {
      const offs = key.split(' ').map((id) => store.subscribeService(id, listener));
      return () => offs.forEach((off) => off());
    },
    [store, key],
  );
  return useSyncExternalStore(subscribe, () =>
    key.split(' ').some((id) => store.getService(id)?.status === 'down'),
  );
}
