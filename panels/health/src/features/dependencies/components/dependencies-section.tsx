import { useMemo } from 'react';
import { PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { FleetSourceContext, useFleetSource, type FleetSource } from '../fleet-source';
import { walk, type Reached } from '../dependency-index';
import { useDependencyIndex, useLiveService } from '../hooks/use-fleet';
import { ServiceItem } from './service-item';
import { CollapsibleList } from './collapsible-list';
import styles from '../dependencies.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

const LIMIT = 25;

/**
 * A service's dependencies on its detail page: what it needs (transitively) and what needs it,
 * each with its live status and a link; and, while it is down because of one, its root cause.
 */
export default function DependenciesSection({
  fleet,
  serviceId,
}: {
  fleet: FleetSource;
  serviceId: string;
}) {
  return (
    <FleetSourceContext.Provider value={fleet}>
      <Stylesheet name="dependencies" css={styles} />
      <Dependencies serviceId={serviceId} />
    </FleetSourceContext.Provider>
  );
}

function Dependencies({ serviceId }: { serviceId: string }) {
  const fleet = useFleetSource();
  const index = useDependencyIndex();
  const service = useLiveService(serviceId);
  const needs = useMemo(() => walk(serviceId, index.needs), [index, serviceId]);
  const neededBy = useMemo(() => walk(serviceId, index.neededBy), [index, serviceId]);

  return (
    <section className="hp-card hp-deps" aria-labelledby="hp-deps-title">
      <h2 id="hp-deps-title">Dependencies</h2>
      {service?.rootCause && <RootCauseNote {...service.rootCause} />}
      {!fleet.loaded ? (
        <div className="hp-skeleton__block" role="status" aria-label="Loading dependencies" />
      ) : !index.reported ? (
        <p className="hp-muted">
          This gateway does not report what services depend on (<code>dependsOn</code>).
        </p>
      ) : (
        <div className="hp-deps__columns" aria-busy={!fleet.complete}>
          <ReachedList
            id="hp-deps-needs"
            title="Needs"
            empty="Needs no other service."
            reached={needs}
          />
          <ReachedList
            id="hp-deps-needed-by"
            title="Needed by"
            empty="No service needs it."
            reached={neededBy}
          />
        </div>
      )}
    </section>
  );
}

function RootCauseNote({ serviceId, checkId }: { serviceId: string; checkId: string }) {
  const root = useLiveService(serviceId);
  return (
    <p className="hp-deps__root" role="status">
      Caused by <PanelLink to={routes.service(serviceId)}>{root?.name ?? serviceId}</PanelLink>
      {': '}its check <strong>{checkId}</strong> fails, and this service needs it.
    </p>
  );
}

function ReachedList({
  id,
  title,
  empty,
  reached,
}: {
  id: string;
  title: string;
  empty: string;
  reached: readonly Reached[];
}) {
  return (
    <div className="hp-deps__column">
      <h3 id={id}>
        {title} <span className="hp-muted">({reached.length})</span>
      </h3>
      {reached.length === 0 ? (
        <p className="hp-muted">{empty}</p>
      ) : (
        <CollapsibleList
          items={reached}
          limit={LIMIT}
          label={title}
          noun="services"
          render={(r) => (
            <ServiceItem key={r.id} id={r.id} note={r.via ? <Via id={r.via} /> : 'direct'} />
          )}
        />
      )}
    </div>
  );
}

/** "via Orders": the service a transitive one is reached through (its name is membership data). */
function Via({ id }: { id: string }) {
  const service = useLiveService(id);
  return <>via {service?.name ?? id}</>;
}
