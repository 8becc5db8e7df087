import {
  lazy,
  memo,
  Suspense,
  useMemo,
  type ProfilerOnRenderCallback,
  type ReactNode,
} from 'react';
import { errorKind } from '@aether/panel-kit';
import { useServicesData } from '../store/services-store-context';
import { useFleetMembers, useServicesFeedState } from '../hooks/use-services';
import { useListQuery } from '../hooks/use-list-query';
import { useListItems } from '../hooks/use-list-items';
import { useAlertingIds } from '../hooks/use-alerting-ids';
import { useConnection } from '../hooks/use-connection';
import { useFleetTotal } from '../hooks/use-status-counts';
import { facetsOf, groupHeaderIndexes } from '../list-query';
import { SummaryLine } from './summary-line';
import { FilterBar } from './filter-bar';
import { ServiceList } from './service-list';
import { ListSkeleton } from './list-skeleton';

// Rare states (no service configured, no permission, a failed first load) load when they happen,
// so the list's first view does not carry their text.
const EmptyState = lazy(() => import('./empty-state').then((m) => ({ default: m.EmptyState })));
const ProblemState = lazy(() =>
  import('./problem-state').then((m) => ({ default: m.ProblemState })),
);
import { StaleBanner } from './stale-banner';

const MemoList = memo(ServiceList);

export interface ServicesViewProps {
  search: URLSearchParams;
  /** Fleet-wide actions shown next to the summary (Verify now). */
  actions?: ReactNode;
  onRowRender?: ProfilerOnRenderCallback;
}

/** The fleet at a glance: summary, filters, and every service grouped, live. */
export function ServicesView({ search, actions, onRowRender }: ServicesViewProps) {
  const { store } = useServicesData();
  const feed = useServicesFeedState();
  const services = useFleetMembers();
  const [query, setQuery] = useListQuery(search);
  const alerting = useAlertingIds(query.alerting);
  const items = useListItems(query, alerting);
  const connection = useConnection();
  const facets = useMemo(() => facetsOf(services), [services]);
  const shown = items.length - groupHeaderIndexes(items).length;
  // Until the whole fleet is here (a first page only), its size comes from the summary's counts,
  // and is unknown while the summary is still on its way.
  const fleetTotal = useFleetTotal();
  const total = store.complete ? services.length : fleetTotal;

  if (!store.loaded) {
    return feed.status === 'error' ? (
      <Suspense fallback={<ListSkeleton />}>
        <ProblemState error={feed.error} onRetry={feed.retry} />
      </Suspense>
    ) : (
      <ListSkeleton />
    );
  }

  const unreachable = feed.status === 'error' && errorKind(feed.error) === 'unreachable';
  const staleReason =
    connection.state === 'offline' || unreachable
      ? 'the gateway is unreachable'
      : connection.state === 'reconnecting'
        ? 'reconnecting to the gateway'
        : null;

  return (
    <div className="hp-services">
      {staleReason && (
        <StaleBanner reason={staleReason} since={connection.lastEventAt ?? feed.loadedAt} />
      )}
      <header className="hp-services__header">
        <SummaryLine />
        {actions}
      </header>
      {services.length === 0 ? (
        <Suspense fallback={null}>
          <EmptyState />
        </Suspense>
      ) : (
        <>
          <FilterBar
            query={query}
            groups={facets.groups}
            tags={facets.tags}
            shown={shown}
            total={total}
            onChange={setQuery}
          />
          {items.length === 0 ? (
            <p className="hp-state hp-muted">No service matches these filters.</p>
          ) : (
            <MemoList items={items} onRowRender={onRowRender} busy={!store.complete} />
          )}
        </>
      )}
    </div>
  );
}
