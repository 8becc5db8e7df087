import { StatusBadge, type StatusKind } from '@aether/ui';
import type { Alert, Identity } from '@aether/contract';
import { formatInstant } from '../../../lib/format';
import { hasRole } from '../../../lib/roles';
import { AcknowledgeButton } from './acknowledge-button';
import { DeliveryTable } from './delivery-table';

const STATE: Record<Alert['state'], { kind: StatusKind; label: string }> = {
  firing: { kind: 'down', label: 'Firing' },
  acknowledged: { kind: 'degraded', label: 'Acknowledged' },
  held: { kind: 'unknown', label: 'Held' },
  suppressed: { kind: 'unknown', label: 'Suppressed' },
  resolved: { kind: 'up', label: 'Resolved' },
};

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
  const state = STATE[alert.state];
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
        <StatusBadge status={state.kind} label={state.label} size="sm" />
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
