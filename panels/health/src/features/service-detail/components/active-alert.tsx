import { formatHourMinute } from '../../../lib/format';
import type { ActiveAlert } from '../hooks/use-active-alert';

function alertText(alert: ActiveAlert): string {
  switch (alert.state) {
    case 'acknowledged': {
      const ack = alert.acknowledged;
      if (!ack) return 'Alert acknowledged';
      return `Alert acknowledged by ${ack.by}${ack.comment ? `: ${ack.comment}` : ''}`;
    }
    case 'held':
      return 'Alert held (maintenance)';
    case 'suppressed':
      return alert.rootCause
        ? `Alert suppressed (caused by ${alert.rootCause.serviceId})`
        : 'Alert suppressed';
    default:
      return `Alert firing since ${formatHourMinute(alert.since)}`;
  }
}

/** The service's alert as it is now; a live region, so a change is announced. */
export function ActiveAlertNote({ alert }: { alert: ActiveAlert | null }) {
  return (
    <p className="hp-muted" role="status" aria-label="Alert">
      {alert && (
        <span className={`hp-alert hp-alert--${alert.state}`} title={alert.cause}>
          {alertText(alert)}
        </span>
      )}
    </p>
  );
}
