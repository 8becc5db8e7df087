import { useEffect, useState, useSyncExternalStore } from 'react';
import { useServices } from '../services-context';
import { createNowStore } from './now-store';

/** The Now view's live state: read on mount, kept by events while mounted, dropped on leave. */
export function useNow() {
  const { api, events } = useServices();
  const [store] = useState(() => createNowStore({ api, events }));
  useEffect(() => {
    store.start();
    return store.stop;
  }, [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return { ...state, reload: store.reload, showCards: store.showCards };
}
