import { useEffect, useState, type ReactNode } from 'react';
import { createServicesStore } from '../features/services/store/services-store';
import { startServicesFeed } from '../features/services/store/services-feed';
import { createRowHistoryStore } from '../features/services/store/row-history-store';
import { createLatestResultsStore } from '../features/services/store/latest-results-store';
import {
  ServicesDataContext,
  type ServicesData,
} from '../features/services/store/services-store-context';
import type { FrameScheduler } from '../lib/frame-batcher';
import { usePanelContext } from '@aether/panel-kit';
import { parseListQuery } from '../features/services/list-query';
import type { ServiceFilters } from '../features/services/api/get-services';
import { parseRoute } from './routes';
import { startComparisonEarly } from '../features/deploys/api/early-comparison';

/** The filters of the list the panel opens on, so its first page is the one the user sees. */
function firstViewOf(path: string): ServiceFilters | undefined {
  const route = parseRoute(path);
  if (route.name !== 'list') return undefined;
  const query = parseListQuery(route.search);
  return {
    status: query.status ? [query.status] : undefined,
    group: query.group ?? undefined,
    tag: query.tag ?? undefined,
    q: query.q || undefined,
  };
}

/** Owns the live fleet for as long as the panel is mounted, across list and detail routes. */
export function ServicesDataProvider({
  children,
  schedule,
}: {
  children: ReactNode;
  schedule?: FrameScheduler;
}) {
  const { api, events, navigation } = usePanelContext();
  const [data, setData] = useState<ServicesData | null>(null);

  useEffect(() => {
    // a deploy's page: its comparison leaves first, before the fleet's pages and its own chunk
    const route = parseRoute(navigation.path);
    if (route.name === 'deploy') startComparisonEarly(api, navigation, route.deployId);
    const store = createServicesStore();
    // Read once: the view at mount decides the first page; later navigation filters the kept fleet.
    const feed = startServicesFeed({
      store,
      api,
      events,
      schedule,
      firstView: firstViewOf(navigation.path),
    });
    const rowHistory = createRowHistoryStore(api);
    const latestResults = createLatestResultsStore(api);
    setData({ store, feed, rowHistory, latestResults });
    return () => {
      feed.stop();
      rowHistory.dispose();
      latestResults.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- navigation.path is read at mount only
  }, [api, events, schedule]);

  if (!data) return null;
  return <ServicesDataContext.Provider value={data}>{children}</ServicesDataContext.Provider>;
}
