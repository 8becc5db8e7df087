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
    // A deploy's page: its comparison leaves first, before its own chunk, and the fleet's reads
    // (summary, pages of 1,000) wait until it is answered or the panel leaves the page. The page
    // needs of the fleet only its deployed services' statuses (the bake bar), which come with the
    // fleet then; at 10,000 services those reads would queue beside the comparison at the gateway.
    const mountPath = navigation.path;
    const route = parseRoute(mountPath);
    const comparison =
      route.name === 'deploy' ? startComparisonEarly(api, navigation, route.deployId) : null;
    const store = createServicesStore();
    // Read once: the view at mount decides the first page; later navigation filters the kept fleet.
    const feed = startServicesFeed({
      store,
      api,
      events,
      schedule,
      firstView: firstViewOf(mountPath),
      deferred: comparison !== null,
    });
    let stopWaiting = () => {};
    let mounted = true;
    if (comparison) {
      const start = () => {
        stopWaiting();
        if (mounted) feed.start();
      };
      stopWaiting = navigation.subscribe((next) => {
        if (next !== mountPath) start();
      });
      comparison.then(start, start);
    }
    const rowHistory = createRowHistoryStore(api);
    const latestResults = createLatestResultsStore(api);
    setData({ store, feed, rowHistory, latestResults });
    return () => {
      mounted = false;
      stopWaiting();
      feed.stop();
      rowHistory.dispose();
      latestResults.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- navigation.path is read at mount only
  }, [api, events, schedule]);

  if (!data) return null;
  return <ServicesDataContext.Provider value={data}>{children}</ServicesDataContext.Provider>;
}
