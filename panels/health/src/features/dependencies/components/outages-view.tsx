import { errorMessage, PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { LoadFailed, LoadingBlocks } from '../../../components/load-states';
import { StatusBadge } from '../../../components/status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { FleetSourceContext, useFleetSource, type FleetSource } from '../fleet-source';
import { useOutages } from '../hooks/use-fleet';
import type { OutageGroup } from '../outage-groups';
import { ServiceItem } from './service-item';
import { CollapsibleList } from './collapsible-list';
import styles from '../dependencies.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

/** Dependents listed under a root before "Show all": enough to see what kind of outage it is. */
const DEPENDENTS_SHOWN = 5;

export interface OutagesViewProps {
  fleet: FleetSource;
  /** The fleet's first load failed (nothing to show yet), with a retry. */
  loadError?: unknown;
  onRetry?: () => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The current outage by root cause: "Database down → 4 dependents", the dependents listed worst
 * first under it, then what fails on its own. Live from the panel's fleet store.
 */
export default function OutagesView({ fleet, loadError, onRetry }: OutagesViewProps) {
  return (
    <FleetSourceContext.Provider value={fleet}>
      <Stylesheet name="dependencies" css={styles} />
      <div className="hp-outages">
        <h2 className="hp-outages__title">Outages</h2>
        <OutagesBody loadError={loadError} onRetry={onRetry} />
      </div>
    </FleetSourceContext.Provider>
  );
}

function OutagesBody({ loadError, onRetry }: Omit<OutagesViewProps, 'fleet'>) {
  const fleet = useFleetSource();
  if (!fleet.loaded) {
    return loadError ? (
      <LoadFailed onRetry={onRetry}>
        Services could not be loaded: {errorMessage(loadError)}
      </LoadFailed>
    ) : (
      <LoadingBlocks label="Loading outages" />
    );
  }
  return <OutageGroups />;
}

function OutageGroups() {
  const { groups, alone } = useOutages();
  if (!groups.length && !alone.length)
    return (
      <p className="hp-state" role="status">
        No outage: no service is down or degraded.
      </p>
    );
  const explained = groups.reduce((n, g) => n + g.dependents.length, 0);
  return (
    <>
      <p role="status" className="hp-outages__summary">
        {groups.length > 0 &&
          `${plural(groups.length, 'root cause')} behind ${plural(explained, 'failing service')}`}
        {groups.length > 0 && alone.length > 0 && '; '}
        {alone.length > 0 &&
          `${plural(alone.length, 'service')} failing on ${alone.length === 1 ? 'its' : 'their'} own`}
        .
      </p>
      {groups.map((g) => (
        <OutageCard key={g.rootId} group={g} />
      ))}
      {alone.length > 0 && (
        <section className="hp-outage" aria-labelledby="hp-outage-alone">
          <h3 id="hp-outage-alone">Failing on their own</h3>
          <CollapsibleList
            items={alone}
            limit={DEPENDENTS_SHOWN * 4}
            label="Failing on their own"
            noun="services"
            render={(s) => <ServiceItem key={s.id} id={s.id} note={s.group} />}
          />
        </section>
      )}
    </>
  );
}

function OutageCard({ group }: { group: OutageGroup }) {
  const { rootId, root, checkIds, dependents, down, degraded } = group;
  const titleId = `hp-outage-${rootId}`;
  const name = root?.name ?? rootId;
  return (
    <section className="hp-outage" aria-labelledby={titleId}>
      <h3 id={titleId} className="hp-outage__title">
        <StatusBadge status={root?.status ?? 'unknown'} />{' '}
        <PanelLink to={routes.service(rootId)}>{name}</PanelLink>{' '}
        <span className="hp-outage__arrow" aria-hidden="true">
          →
        </span>
        <span className="ae-visually-hidden">is the root cause of</span>{' '}
        <span>{plural(dependents.length, 'dependent')}</span>
      </h3>
      <p className="hp-muted">
        {checkIds.join(', ')} failing
        {root?.since && root.status === 'down' && (
          <>
            {' '}
            <RelativeTime iso={root.since} prefix="for " />
          </>
        )}
        {' · '}
        {[down > 0 && `${down} down`, degraded > 0 && `${degraded} degraded`]
          .filter(Boolean)
          .join(', ')}
        {root && root.status !== 'down' && ` · ${name} is ${root.status} again`}
      </p>
      <CollapsibleList
        items={dependents}
        limit={DEPENDENTS_SHOWN}
        label={`Dependents of ${name}`}
        noun="dependents"
        render={(s) => <ServiceItem key={s.id} id={s.id} note={s.group} />}
      />
    </section>
  );
}
