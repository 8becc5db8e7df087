import { lazy, Suspense } from 'react';
import type { PanelContext } from '@aether/contract';
import styles from './panel.css?inline';
import { CatalogPage } from '../features/catalog/components/catalog-page';
import { LoadingRows } from '../components/loading-rows';
import { PanelContextProvider, PanelLink, useIdentity, usePanelPath } from '@aether/panel-kit';
import { hasRole } from '../lib/roles';
import { parseRoute, routes, type PanelRoute } from './routes';

// The catalog is the first view (alone and in the overview); an operation (params form, dry run,
// result viewer), approvals, the audit trail, alerts, maintenance and channels load on first visit
// instead of with every shell.
const OperationPage = lazy(() =>
  import('../features/operate/components/operation-page').then((m) => ({
    default: m.OperationPage,
  })),
);
const ApprovalsPage = lazy(() =>
  import('../features/approvals/components/approvals-page').then((m) => ({
    default: m.ApprovalsPage,
  })),
);
const AuditPage = lazy(() =>
  import('../features/audit/components/audit-page').then((m) => ({ default: m.AuditPage })),
);
const AlertsPage = lazy(() =>
  import('../features/alerts/components/alerts-page').then((m) => ({ default: m.AlertsPage })),
);
const MaintenancePage = lazy(() =>
  import('../features/maintenance/components/maintenance-page').then((m) => ({
    default: m.MaintenancePage,
  })),
);
const ChannelsPage = lazy(() =>
  import('../features/channels/components/channels-page').then((m) => ({
    default: m.ChannelsPage,
  })),
);

/**
 * The panel's root. Its stylesheet travels inside the federated module (a hoisted, de-duplicated
 * <style>), so the shell needs to know nothing about the panel's CSS files.
 */
export function InteractionPanel({ context }: { context: PanelContext }) {
  return (
    <PanelContextProvider value={context}>
      <style href="aether-panel-interaction" precedence="default">
        {styles}
      </style>
      {/* No data-theme here: the --ae-* variables follow the shell's own theme switch. */}
      <div className="pi-root">
        <PanelBody />
      </div>
    </PanelContextProvider>
  );
}

function PanelBody() {
  const route = parseRoute(usePanelPath());
  const user = useIdentity();
  return (
    <>
      <header className="pi-header">
        <h2 className="pi-title">Operate</h2>
        <nav aria-label="Operate sections" className="pi-tabs">
          <Tab
            to={routes.catalog()}
            current={route.name === 'catalog' || route.name === 'operation'}
          >
            Operations
          </Tab>
          <Tab to={routes.approvals()} current={route.name === 'approvals'}>
            Approvals
          </Tab>
          <Tab to={routes.audit()} current={route.name === 'audit'}>
            Audit trail
          </Tab>
          <Tab to={routes.alerts()} current={route.name === 'alerts'}>
            Alerts
          </Tab>
          <Tab to={routes.maintenance()} current={route.name === 'maintenance'}>
            Maintenance
          </Tab>
          {hasRole(user, 'admin') && (
            <Tab to={routes.channels()} current={route.name === 'channels'}>
              Channels
            </Tab>
          )}
        </nav>
        <p className="pi-muted pi-small pi-who">
          {user.authenticated ? `Signed in as ${user.name}` : 'Not signed in'} ·{' '}
          {user.role ?? 'no role'}
        </p>
      </header>
      <div className="pi-main">
        <Suspense fallback={<LoadingRows label="Loading section" />}>
          <RouteView route={route} />
        </Suspense>
      </div>
    </>
  );
}

function RouteView({ route }: { route: PanelRoute }) {
  switch (route.name) {
    case 'catalog':
      return <CatalogPage serviceId={route.serviceId} />;
    case 'operation':
      return (
        <OperationPage
          serviceId={route.serviceId}
          operationId={route.operationId}
          dryRun={route.dryRun}
        />
      );
    case 'approvals':
      return <ApprovalsPage />;
    case 'audit':
      return <AuditPage query={route.query} />;
    case 'alerts':
      return <AlertsPage />;
    case 'maintenance':
      return <MaintenancePage openForm={route.open} />;
    case 'channels':
      return <ChannelsPage />;
  }
}

function Tab({ to, current, children }: { to: string; current: boolean; children: string }) {
  return (
    <PanelLink to={to} className="pi-tab" aria-current={current ? 'page' : undefined}>
      {children}
    </PanelLink>
  );
}
