import type { Incident } from '@aether/contract';
import { StatusBadge } from '../../../components/status-badge';
import { formatDateTime, formatSpan } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';

/** One row: an incident, or the incidents of one flapping run (same `flapGroup`), newest first. */
interface Row {
  key: string;
  /** Newest first, as listed. */
  incidents: Incident[];
}

/** Collapses each flapping run into one row, where its newest incident stands. */
export function incidentRows(incidents: readonly Incident[]): Row[] {
  const rows: Row[] = [];
  const byGroup = new Map<string, Row>();
  for (const incident of incidents) {
    const group = incident.flapGroup;
    const row = group ? byGroup.get(group) : undefined;
    if (row) {
      row.incidents.push(incident);
      continue;
    }
    const fresh = { key: group ? `flap:${group}` : incident.id, incidents: [incident] };
    if (group) byGroup.set(group, fresh);
    rows.push(fresh);
  }
  return rows;
}

/** State changes to down or degraded, newest first: start, end, duration and cause. */
export function IncidentsTimeline({ incidents }: { incidents: readonly Incident[] }) {
  const now = useNow(30_000);
  if (!incidents.length) return <p className="hp-muted">No incidents recorded.</p>;
  return (
    <ol className="hp-incidents" aria-label="Incidents">
      {incidentRows(incidents).map(({ key, incidents: run }) => {
        const newest = run[0]!;
        const oldest = run.at(-1)!;
        const ongoing = newest.endedAt === null;
        const flapping = run.length > 1;
        const worst = run.some((i) => i.status === 'down') ? 'down' : newest.status;
        const duration = ongoing ? now - Date.parse(newest.startedAt) : (newest.durationMs ?? 0);
        return (
          <li key={key} className={`hp-incident${ongoing ? ' hp-incident--ongoing' : ''}`}>
            <StatusBadge status={worst} />
            <div className="hp-incident__body">
              <p className="hp-incident__cause">
                {flapping && <strong>Flapping · ×{run.length}: </strong>}
                {newest.cause}
              </p>
              <p className="hp-muted">
                <time dateTime={oldest.startedAt}>{formatDateTime(oldest.startedAt)}</time>
                {' → '}
                {ongoing ? (
                  <strong>ongoing</strong>
                ) : (
                  <time dateTime={newest.endedAt!}>{formatDateTime(newest.endedAt!)}</time>
                )}{' '}
                · {flapping ? `${run.length} incidents` : formatSpan(duration)} · check{' '}
                {newest.checkId}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
