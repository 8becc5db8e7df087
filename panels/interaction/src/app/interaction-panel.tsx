import type { PanelContext } from '@aether/contract';
import styles from '../styles/panel.css?inline';
import { ApprovalsPage } from '../features/approvals/components/approvals-page';
import { AuditPage } from '../features/audit/components/audit-page';
import { CatalogPage } from '../features/catalog/components/catalog-page';
import { OperationPage } from '../features/operate/components/operation-page';
import { PanelLink } from '../shared/components/panel-link';
import { usePanelPath } from '../shared/use-panel-path';
import { useIdentity } from '../shared/use-identity';
import { PanelContextProvider } from './panel-context';
import { parseRoute, routes, type PanelRoute } from './routes';

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
          <Tab to={routes.catalog()} current={route.name === 'catalog' || route.name === 'operation'}>
            Operations
          </Tab>
          <Tab to={routes.approvals()} current={route.name === 'approvals'}>
            Approvals
          </Tab>
          <Tab to={routes.audit()} current={route.name === 'audit'}>
            Audit trail
          </Tab>
        </nav>
        <p className="pi-muted pi-small pi-who">
          {user.authenticated ? `Signed in as ${user.name}` : 'Not signed in'} · {user.role ?? 'no role'}
        </p>
      </header>
      <div className="pi-main">
        <RouteView route={route} />
      </div>
    </>
  );
}

function RouteView({ route }: { route: PanelRoute }) {
  switch (route.name) {
    case 'catalog':
      return <CatalogPage serviceId={route.serviceId} />;
    case 'operation':
      return <OperationPage serviceId={route.serviceId} operationId={route.operationId} />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'audit':
      return <AuditPage query={route.query} />;
  }
}

function Tab({ to, current, children }: { to: string; current: boolean; children: string }) {
  return (
    <PanelLink to={to} className="pi-tab" aria-current={current ? 'page' : undefined}>
      {children}
    </PanelLink>
  );
}
