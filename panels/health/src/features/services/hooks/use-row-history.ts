import { useEffect, useSyncExternalStore } from 'react';
import { useServicesData } from '../store/services-store-context';
import type { RowHistory } from '../store/row-history-store';

/** The 24 h history of a visible row, asked for once the row has been on screen for a moment. */
export function useRowHistory(id: string): RowHistory | undefined {
  const { rowHistory } = useServicesData();
  useEffect(() => rowHistory.request(id), [rowHistory, id]);
  return useSyncExternalStore(
    (listener) => rowHistory.subscribe(id, listener),
    () => rowHistory.get(id),
  );
}
