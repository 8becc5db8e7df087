import { Button, Card } from '@aether/ui';
import { useIdentity, usePanelContext } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { hasRole } from '../../../lib/roles';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { RoleGateNotice } from '../../../components/role-gate-notice';
import { auditExportHref } from '../api/audit-api';
import { filtersFromQuery, filtersToQuery, type AuditFilters } from '../audit-filters';
import { useAuditTrail } from '../hooks/use-audit-trail';
import { AuditFiltersForm } from './audit-filters-form';
import { AuditActionsTable } from './audit-actions-table';
import { useAuditFacets } from '../hooks/use-audit-facets';
import { ChainStatus } from './chain-status';

/**
 * The append-only trail: filters, chain status, actions newest first (each opening onto its
 * entries) with live additions, older pages on demand.
 */
export function AuditPage({ query }: { query: URLSearchParams }) {
  const { api, navigation } = usePanelContext();
  const user = useIdentity();
  const allowed = hasRole(user, 'operator');
  const filters = filtersFromQuery(query);
  const { trail, older, loadOlder } = useAuditTrail(filters, allowed);
  const facets = useAuditFacets(allowed);
  if (!allowed) return <RoleGateNotice required="operator" />;

  const apply = (next: AuditFilters) => navigation.navigate(routes.audit(filtersToQuery(next)));

  return (
    <div className="pi-stack">
      <Card
        title="Audit trail"
        actions={
          <a
            className="ae-button ae-button--ghost ae-button--sm"
            href={auditExportHref(api, filters)}
            download="aether-audit.ndjson"
          >
            Export NDJSON
          </a>
        }
      >
        <ChainStatus />
        <AuditFiltersForm
          key={filtersToQuery(filters).toString()}
          filters={filters}
          facets={facets}
          onApply={apply}
        />
      </Card>
      <Card aria-label="Audit entries">
        {trail.status === 'loading' && <LoadingRows label="Loading the audit trail" rows={6} />}
        {trail.status === 'error' && (
          <ProblemMessage
            error={trail.error}
            onRetry={trail.reload}
            context="The audit trail could not be loaded"
          />
        )}
        {trail.status === 'success' && trail.data.entries.length === 0 && (
          <p className="pi-empty">No audit entries match these filters.</p>
        )}
        {trail.status === 'success' && trail.data.entries.length > 0 && (
          <>
            <AuditActionsTable entries={trail.data.entries} />
            {older.status === 'error' && (
              <ProblemMessage error={older.error} context="Older entries could not be loaded" />
            )}
            {trail.data.nextBefore !== null ? (
              <Button onClick={() => void loadOlder()} disabled={older.status === 'loading'}>
                {older.status === 'loading' ? 'Loading older entries…' : 'Load older entries'}
              </Button>
            ) : (
              <p className="pi-muted pi-small">Start of the trail.</p>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
