import type { Incident } from '@aether/contract';
import { StatusBadge } from '../../../components/status-badge';
import { formatDateTime, formatSpan } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';

/** State changes to down or degraded, newest first: start, end, duration and cause. */
export function IncidentsTimeline({ incidents }: { incidents: readonly Incident[] }) {
  const now = useNow(30_000);
  if (!incidents.length) return <p className="hp-muted">No incidents recorded.</p>;
  return (
    <ol className="hp-incidents">
      {incidents.map((incident) => {
        const ongoing = incident.endedAt === null;
        const duration = incident.durationMs ?? now - Date.parse(incident.startedAt);
        return (
          <li key={incident.id} className={`hp-incident${ongoing ? ' hp-incident--ongoing' : ''}`}>
            <StatusBadge status={incident.status} />
            <div className="hp-incident__body">
              <p className="hp-incident__cause">{incident.cause}</p>
              <p className="hp-muted">
                <time dateTime={incident.startedAt}>{formatDateTime(incident.startedAt)}</time>
                {' → '}
                {ongoing ? (
                  <strong>ongoing</strong>
                ) : (
                  <time dateTime={incident.endedAt!}>{formatDateTime(incident.endedAt!)}</time>
                )}{' '}
                · {formatSpan(duration)} · check {incident.checkId}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
