import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useServicesData } from '../store/services-store-context';
import { buildListItems, sameItems, type ListItem, type ListQuery } from '../list-query';
import { isStatusOrderedView } from '../status-ordered-list';

/**
 * The visible rows for a query. The default view (status sort, nothing filtered) comes from the
 * store's incrementally kept list, which changes identity only when a row moves or a group's
 * counts change. Other views are rebuilt only when something that can move a row changed (status
 * or membership; latency and uptime only when sorting by them), and the previous array is kept
 * when the rows are the same — so a status change that moves nothing doesn't re-render the list.
 */
export function useListItems(
  query: ListQuery,
  /** With the "Alerting" filter: the services with a firing alert (none while unknown). */
  alerting?: ReadonlySet<string>,
): readonly ListItem[] {
  const { store } = useServicesData();
  const cache = useRef<{
    key: string;
    alerting: ReadonlySet<string> | undefined;
    items: readonly ListItem[];
  } | null>(null);
  const incremental = isStatusOrderedView(query);
  const metricSorted = query.sort === 'latency' || query.sort === 'uptime';

  const getSnapshot = useCallback(() => {
    if (incremental) return store.getStatusOrderedItems();
    const key = [
      store.structureVersion(),
      metricSorted ? store.metricsVersion() : '-',
      query.status,
      query.group,
      query.tag,
      query.q,
      query.maintenance,
      query.alerting,
      query.sort,
    ].join('|');
    const previous = cache.current;
    if (previous?.key === key && previous.alerting === alerting) return previous.items;
    const next = buildListItems(store.getAllByName(), query, alerting);
    const items = previous && sameItems(previous.items, next) ? previous.items : next;
    cache.current = { key, alerting, items };
    return items;
  }, [store, query, incremental, metricSorted, alerting]);

  return useSyncExternalStore((listener) => store.subscribe(listener), getSnapshot);
}
