import { useEffect, useRef, type ReactNode } from 'react';
import { errorKind, errorMessage, usePanelContext } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { LoadFailed, LoadingBlocks } from '../../../components/load-states';
import { StatusBadge } from '../../../components/status-badge';
import { FlappingBadge } from '../../../components/flapping-badge';
import { RelativeTime } from '../../../components/relative-time';
import { MaintenanceBadge } from '../../../components/maintenance-badge';
import { formatLatency } from '../../../lib/format';
import { useServiceDetail } from '../hooks/use-service-detail';
import { useIncidents } from '../hooks/use-incidents';
import { useActiveAlert } from '../hooks/use-active-alert';
import { parseRange, type HistoryRange } from '../history-ranges';
import { CheckCard } from './check-card';
import { HistorySection } from './history-section';
import { IncidentsTimeline } from './incidents-timeline';
import { ActiveAlertNote } from './active-alert';
import { OperationsRail } from './operations-rail';
import styles from '../service-detail.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

export interface ServiceDetailViewProps {
  serviceId: string;
  search: URLSearchParams;
  /** Where "All services" goes back to: the list with the filters it had. */
  backPath: string;
  /** Actions for this service (Verify now), composed by the panel. */
  actions?: ReactNode;
  /** Sections of other features about this service (dependencies, SLO), composed by the panel. */
  sections?: ReactNode;
}

function statusRank(status: string): number {
  return status === 'down' ? 0 : status === 'degraded' ? 1 : status === 'unknown' ? 2 : 3;
}

/** The detail page with its own styles, which travel with this lazy route, not the list's first view. */
export function ServiceDetailView(props: ServiceDetailViewProps) {
  return (
    <>
      <Stylesheet name="detail" css={styles} />
      <ServiceDetailPage {...props} />
    </>
  );
}

function ServiceDetailPage({
  serviceId,
  search,
  backPath,
  actions,
  sections,
}: ServiceDetailViewProps) {
  const { navigation } = usePanelContext();
  const { detail, status, error, reload } = useServiceDetail(serviceId);
  const incidents = useIncidents(serviceId);
  const alert = useActiveAlert(serviceId);
  const range = parseRange(search.get('range'));
  const heading = useRef<HTMLHeadingElement>(null);

  // Land keyboard and screen-reader users on the service they opened.
  const shown = detail !== undefined;
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [serviceId, shown]);

  const back = (
    <a
      className="hp-back"
      href={navigation.href(backPath)}
      onClick={(e) => {
        e.preventDefault();
        navigation.navigate(backPath);
      }}
    >
      ← All services
    </a>
  );

  if (!detail) {
    if (status === 'error') {
      const kind = errorKind(error);
      const title =
        kind === 'not-found'
          ? `No service “${serviceId}”`
          : kind === 'unauthorized' || kind === 'forbidden'
            ? 'No permission'
            : kind === 'unreachable'
              ? 'Gateway unreachable'
              : 'Service could not be loaded';
      return (
        <div className="hp-detail">
          {back}
          <LoadFailed
            title={title}
            headingId="hp-detail-problem"
            onRetry={kind === 'not-found' ? undefined : reload}
          >
            {kind === 'forbidden' || kind === 'unauthorized'
              ? 'Sign in from the shell with a token whose role is viewer or higher.'
              : errorMessage(error)}
          </LoadFailed>
        </div>
      );
    }
    return (
      <div className="hp-detail" aria-busy="true">
        {back}
        <LoadingBlocks label="Loading service" title />
      </div>
    );
  }

  const setRange = (next: HistoryRange) => {
    const query = new URLSearchParams(search);
    query.set('range', next);
    navigation.navigate(routes.service(serviceId, query), { replace: true });
  };
  const checks = [...detail.checks].sort((a, b) => statusRank(a.status) - statusRank(b.status));

  return (
    <div className="hp-detail">
      {back}
      {status === 'error' && errorKind(error) === 'unreachable' && (
        <div className="hp-banner" role="status">
          <strong>Stale data</strong> — the gateway is unreachable.
        </div>
      )}
      <header className="hp-detail__header">
        <div>
          <h2 ref={heading} tabIndex={-1} className="hp-detail__title">
            {detail.name}
          </h2>
          <p className="hp-muted">
            {detail.id} · {detail.group}
            {detail.tags.length > 0 && ` · ${detail.tags.join(', ')}`}
            {detail.baseUrl && (
              <>
                {' · '}
                <code>{detail.baseUrl}</code>
              </>
            )}
          </p>
        </div>
        <div className="hp-detail__status">
          {detail.flapping ? (
            <FlappingBadge status={detail.status} changes={detail.flapChanges} size="lg" />
          ) : (
            <StatusBadge status={detail.status} size="lg" />
          )}
          {detail.maintenance && <MaintenanceBadge maintenance={detail.maintenance} />}
          <ActiveAlertNote alert={alert} />
          <span className="hp-muted">
            {detail.flapping
              ? `now ${detail.status}`
              : detail.since && <RelativeTime iso={detail.since} prefix="for " />}
            {detail.lastLatencyMs !== null && ` · ${formatLatency(detail.lastLatencyMs)}`}
          </span>
          {actions}
        </div>
      </header>

      <section aria-labelledby="hp-checks-title" className="hp-checks">
        <h2 id="hp-checks-title">Checks</h2>
        {checks.map((check) => (
          <CheckCard key={check.id} check={check} />
        ))}
      </section>

      <OperationsRail serviceId={detail.id} />
      {sections}

      <HistorySection service={detail} range={range} onRange={setRange} />

      <section className="hp-card" aria-labelledby="hp-incidents-title">
        <h2 id="hp-incidents-title">Incidents</h2>
        {incidents.data ? (
          <IncidentsTimeline incidents={incidents.data} />
        ) : incidents.status === 'error' ? (
          <p role="alert">Incidents could not be loaded: {errorMessage(incidents.error)}</p>
        ) : (
          <div
            className="hp-skeleton__block"
            role="status"
            aria-busy="true"
            aria-label="Loading incidents"
          />
        )}
      </section>
    </div>
  );
}
