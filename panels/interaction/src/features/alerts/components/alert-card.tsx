import type { Alert, Identity } from '@aether/contract';
import { StateBadge } from '../../../components/state-badge';
import { formatInstant } from '../../../lib/format';
import { hasRole } from '../../../lib/roles';
import { AcknowledgeButton } from './acknowledge-button';
import { DeliveryTable } from './delivery-table';

/** One alert: which service fails and why, since when, who acknowledged it, every delivery. */
export function AlertCard({
  alert,
  user,
  onAcknowledged,
}: {
  alert: Alert;
  user: Identity;
  onAcknowledged: (a: Alert) => void;
}) {
  const headingId = `pi-alert-${alert.id}`;
  const canAck = alert.state === 'firing' || alert.state === 'held' || alert.state === 'suppressed';
  return (
    <article className="pi-approval" aria-labelledby={headingId}>
      <header className="pi-approval__header">
        <h3 id={headingId} className="pi-subtitle">
          {alert.service.name}{' '}
          <span className="pi-muted">
            {alert.check.id} ({alert.check.type})
          </span>
        </h3>
        <StateBadge state={alert.state} />
      </header>
      <p className="pi-code">{alert.cause}</p>
      <p className="pi-muted pi-small">
        Since {formatInstant(alert.since)}
        {alert.resolvedAt ? ` · resolved ${formatInstant(alert.resolvedAt)}` : ''}
        {alert.severity ? ` · ${alert.severity}` : ''}
        {alert.rootCause
          ? ` · root cause ${alert.rootCause.serviceId}/${alert.rootCause.checkId}`
          : ''}
      </p>
      {alert.acknowledged && (
        <p className="pi-note">
          Acknowledged by {alert.acknowledged.by} at {formatInstant(alert.acknowledged.at)}
          {alert.acknowledged.comment ? `: “${alert.acknowledged.comment}”` : ''}
        </p>
      )}
      <DeliveryTable alert={alert} />
      {canAck &&
        !alert.acknowledged &&
        (hasRole(user, 'operator') ? (
          <AcknowledgeButton alert={alert} onAcknowledged={onAcknowledged} />
        ) : (
          <p className="pi-muted pi-small">Operators can acknowledge this alert.</p>
        ))}
    </article>
  );
}
