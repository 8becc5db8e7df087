import {
  lazy,
  Suspense,
  useCallback,
  useMemo,
  useRef,
  type ComponentProps,
  type ProfilerOnRenderCallback,
} from 'react';
import type { VerifyRequest } from '@aether/contract';
import { ServicesView } from '../features/services/components/services-view';
import { useFleetMembers, useServicesFeedState } from '../features/services/hooks/use-services';
import { useServicesData } from '../features/services/store/services-store-context';
import { facetsOf } from '../features/services/list-query';
import type { VerifyPlan } from '../features/verify/verify-plan';
import { usePanelPath } from '@aether/panel-kit';
import { useCanVerify } from './use-user';
import { parseRoute } from './routes';
import { PanelNav } from './panel-nav';

// The detail route (checks, history, incidents) loads on first visit; the list is the first view.
const ServiceDetailView = lazy(() =>
  import('../features/service-detail/components/service-detail-view').then((m) => ({
    default: m.ServiceDetailView,
  })),
);

// Deploys (list and before/after page) load on first visit too.
const DeploysView = lazy(() => import('../features/deploys/components/deploys-view'));

// So do the outage and SLO pages and the detail page's dependency and SLO sections, one chunk per
// feature for its page and its section.
const dependencies = () => import('../features/dependencies/dependencies-pages');
const slos = () => import('../features/slos/slos-pages');
const OutagesView = lazy(() => dependencies().then((m) => ({ default: m.OutagesView })));
const DependenciesSection = lazy(() =>
  dependencies().then((m) => ({ default: m.DependenciesSection })),
);
const SlosView = lazy(() => slos().then((m) => ({ default: m.SlosView })));
const ServiceSloSection = lazy(() => slos().then((m) => ({ default: m.ServiceSloSection })));

function PageLoading({ label }: { label: string }) {
  return <div className="hp-skeleton__block" role="status" aria-label={label} />;
}

// Verify now is an operator's control: viewers (the default anonymous role) never load it, and an
// operator's list paints without waiting for it.
const LazyVerifyControl = lazy(() =>
  import('../features/verify/components/verify-control').then((m) => ({
    default: m.VerifyControl,
  })),
);
const VerifyControl = (props: ComponentProps<typeof LazyVerifyControl>) => (
  <Suspense fallback={null}>
    <LazyVerifyControl {...props} />
  </Suspense>
);

/** Maps a verify request onto the fleet we know: which services it covers and how many checks. */
function useVerifyPlan() {
  const { store } = useServicesData();
  return useCallback(
    (request: VerifyRequest): VerifyPlan => {
      // Current services (getMembers may hold older ones): check lists come with status events.
      const services = store.getIds().map((id) => store.getService(id)!);
      const ids = new Set(request.services ?? []);
      const tags = new Set(request.tags ?? []);
      const all = !ids.size && !tags.size;
      const selected = services.filter(
        (s) => all || ids.has(s.id) || s.tags.some((t) => tags.has(t)),
      );
      const covered = new Set(selected.map((s) => s.id));
      return {
        expected: selected.reduce((n, s) => n + s.checks.length, 0),
        includes: (id) => covered.has(id),
      };
    },
    [store],
  );
}

/** The list at /, a service at /services/<id>; the list remembers its filters for "All services". */
export function PanelRoutes({ onRowRender }: { onRowRender?: ProfilerOnRenderCallback }) {
  const path = usePanelPath();
  const route = useMemo(() => parseRoute(path), [path]);
  const lastListPath = useRef('/');
  if (route.name === 'list') lastListPath.current = path || '/';

  const { store } = useServicesData();
  const feed = useServicesFeedState();
  const canVerify = useCanVerify();
  const plan = useVerifyPlan();
  const services = useFleetMembers();
  const tags = useMemo(() => facetsOf(services).tags, [services]);
  // Names for the SLO page, from the fleet as it arrives (services come with the list, SLOs apart).
  const names = useMemo(
    () => (route.name === 'slos' ? new Map(services.map((s) => [s.id, s.name])) : null),
    [route.name, services],
  );

  if (route.name === 'outages') {
    return (
      <>
        <PanelNav current="outages" />
        <Suspense fallback={<PageLoading label="Loading outages" />}>
          <OutagesView
            fleet={store}
            loadError={feed.status === 'error' ? feed.error : undefined}
            onRetry={feed.retry}
          />
        </Suspense>
      </>
    );
  }
  if (route.name === 'slos') {
    return (
      <>
        <PanelNav current="slos" />
        <Suspense fallback={<PageLoading label="Loading SLOs" />}>
          <SlosView nameOf={(id) => names?.get(id)} />
        </Suspense>
      </>
    );
  }
  if (route.name === 'deploys' || route.name === 'deploy') {
    return (
      <Suspense
        fallback={<div className="hp-skeleton__block" role="status" aria-label="Loading deploys" />}
      >
        <DeploysView deployId={route.name === 'deploy' ? route.deployId : null} />
      </Suspense>
    );
  }
  if (route.name === 'detail') {
    return (
      <Suspense
        fallback={
          <div
            className="hp-skeleton__block hp-skeleton__block--card"
            role="status"
            aria-label="Loading service"
          />
        }
      >
        <ServiceDetailView
          serviceId={route.serviceId}
          search={route.search}
          backPath={lastListPath.current}
          actions={
            canVerify ? (
              <VerifyControl
                key={route.serviceId}
                scope={{ kind: 'service', serviceId: route.serviceId, name: route.serviceId }}
                plan={plan}
              />
            ) : undefined
          }
          sections={
            <>
              <Suspense fallback={<PageLoading label="Loading dependencies" />}>
                <DependenciesSection fleet={store} serviceId={route.serviceId} />
              </Suspense>
              <Suspense fallback={<PageLoading label="Loading SLO" />}>
                <ServiceSloSection key={route.serviceId} serviceId={route.serviceId} />
              </Suspense>
            </>
          }
        />
      </Suspense>
    );
  }
  return (
    <>
      <PanelNav current="list" />
      <ServicesView
        search={route.search}
        onRowRender={onRowRender}
        actions={
          canVerify && services.length > 0 ? (
            <VerifyControl scope={{ kind: 'fleet', tags }} plan={plan} />
          ) : undefined
        }
      />
    </>
  );
}
