import { useEffect, useState, type ReactNode } from 'react';
import { createServicesStore } from '../features/services/store/services-store';
import { startServicesFeed } from '../features/services/store/services-feed';
import { createRowHistoryStore } from '../features/services/store/row-history-store';
import {
  ServicesDataContext,
  type ServicesData,
} from '../features/services/store/services-store-context';
import type { FrameScheduler } from '../lib/frame-batcher';
import { usePanelContext } from '@aether/panel-kit';

/** Owns the live fleet for as long as the panel is mounted, across list and detail routes. */
export function ServicesDataProvider({
  children,
  schedule,
}: {
  children: ReactNode;
  schedule?: FrameScheduler;
}) {
  const { api, events } = usePanelContext();
  const [data, setData] = useState<ServicesData | null>(null);

  useEffect(() => {
    const store = createServicesStore();
    const feed = startServicesFeed({ store, api, events, schedule });
    const rowHistory = createRowHistoryStore(api);
    setData({ store, feed, rowHistory });
    return () => {
      feed.stop();
      rowHistory.dispose();
    };
  }, [api, events, schedule]);

  if (!data) return null;
  return <ServicesDataContext.Provider value={data}>{children}</ServicesDataContext.Provider>;
}
