import type { AuditPage, Operation, OperationList } from '@aether/contract';
import { useIdentity, usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { RelativeTime } from '../../../components/relative-time';
import { DeclaredPageLink } from '../../../components/declared-page-link';
import { lastRunOf, type LastRun } from '../last-run';
import { operationKey, useDryRunPages } from '../../../lib/use-dry-run-pages';
import styles from '../operations-rail.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

/** Entries read for the rail: enough for the latest run of each of a service's few operations. */
const TRAIL_SAMPLE = 200;
const NO_OPERATIONS: readonly Operation[] = [];

const OUTCOME_LABEL: Record<LastRun['outcome'], string> = {
  ran: 'Ran',
  failed: 'Failed',
  waiting: 'Waiting',
  rejected: 'Rejected',
  refused: 'Refused',
};

/**
 * The service's allow-listed operations beside its health, each with its latest run: who, when,
 * how it ended (from the audit trail, live from audit events; operators read the trail, viewers
 * see the list), each linked to the page that runs it with its dry run shown first (when a panel
 * declares one). A service without operations shows nothing; so does a gateway that refuses.
 */
export function OperationsRail({ serviceId }: { serviceId: string }) {
  const { api } = usePanelContext();
  const user = useIdentity();
  const operator = user.role === 'operator' || user.role === 'admin';
  const operations = useQuery<OperationList>(`operations|${serviceId}|${user.name}`, (signal) =>
    api.get<OperationList>(`/api/services/${encodeURIComponent(serviceId)}/operations`, {
      signal,
    }),
  );
  const trail = useQuery<AuditPage>(
    operator ? `operations-trail|${serviceId}|${user.name}` : null,
    (signal) =>
      api.get<AuditPage>('/api/audit', {
        query: { service: serviceId, limit: TRAIL_SAMPLE },
        signal,
      }),
  );
  const pages = useDryRunPages(operations.status === 'success' ? operations.data : NO_OPERATIONS);
  usePanelEvent('audit', (entry) => {
    if (entry.serviceId === serviceId)
      trail.update((page) => ({ ...page, entries: [entry, ...page.entries] }));
  });

  if (operations.status !== 'success' || operations.data.length === 0) return null;
  const entries = trail.status === 'success' ? trail.data.entries : null;
  return (
    <section className="hp-card" aria-labelledby="hp-operations-title">
      <Stylesheet name="operations-rail" css={styles} />
      <h2 id="hp-operations-title">Operations</h2>
      <ul className="hp-operations" aria-label="Operations and their last run">
        {operations.data.map((op) => {
          const last = entries ? lastRunOf(entries, op.id) : null;
          const page = pages.get(operationKey(op));
          return (
            <li key={op.id} className="hp-operations__item">
              <strong>
                <DeclaredPageLink page={page}>{op.title}</DeclaredPageLink>
              </strong>{' '}
              <span className="hp-muted">
                {op.method} {op.path}
              </span>
              <span className="hp-operations__last">
                {!operator ? (
                  'Runs are shown to operators'
                ) : entries === null ? (
                  trail.status === 'error' ? (
                    'Runs could not be read'
                  ) : (
                    'Reading runs…'
                  )
                ) : last ? (
                  <>
                    {OUTCOME_LABEL[last.outcome]}{' '}
                    {last.outcome === 'ran' || last.outcome === 'failed'
                      ? last.detail
                      : `· ${last.detail}`}{' '}
                    · by {last.by} <RelativeTime iso={last.at} suffix=" ago" />
                  </>
                ) : (
                  'Not run lately'
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
