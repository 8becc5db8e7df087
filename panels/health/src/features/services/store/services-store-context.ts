import { createContext, useContext } from 'react';
import type { ServicesStore } from './services-store';
import type { ServicesFeed } from './services-feed';
import type { RowHistoryStore } from './row-history-store';
import type { LatestResultsStore } from './latest-results-store';

export interface ServicesData {
  store: ServicesStore;
  feed: ServicesFeed;
  rowHistory: RowHistoryStore;
  latestResults: LatestResultsStore;
}

export const ServicesDataContext = createContext<ServicesData | null>(null);

export function useServicesData(): ServicesData {
  const data = useContext(ServicesDataContext);
  if (!data) throw new Error('useServicesData must be used inside <ServicesDataProvider>');
  return data;
}
