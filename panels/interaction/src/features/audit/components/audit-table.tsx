import type { AuditEntry } from '@aether/contract';
import { ColumnHeads } from '@aether/panel-kit';
import { StateBadge } from '../../../components/state-badge';
import { formatInstant, formatMs, formatValue } from '../../../lib/format';

/** Entries one per row, as the chain holds them. */
export function AuditTable({
  entries,
  label = 'Audit entries',
}: {
  entries: AuditEntry[];
  label?: string;
}) {
  return (
    <div className="pi-table-scroll">
      <table className="pi-table" aria-label={label}>
        <ColumnHeads
          names={[
            '#',
            'When',
            'Actor',
            'Action',
            'Operation',
            'Params',
            'Outcome',
            'HTTP',
            'Duration',
          ]}
        />
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="pi-code pi-nowrap">{entry.id}</td>
              <td>{formatInstant(entry.at)}</td>
              <td>
                {entry.actor}
                {entry.role && <span className="pi-muted"> ({entry.role})</span>}
              </td>
              <td>{entry.action}</td>
              <td>
                {entry.serviceId} / {entry.operationId}
              </td>
              <td className="pi-code pi-small">
                {Object.entries(entry.params)
                  .map(([k, v]) => `${k}=${formatValue(v)}`)
                  .join(' ')}
              </td>
              <td>
                <StateBadge state={entry.outcome} />
                {entry.reason && <div className="pi-muted pi-small">{entry.reason}</div>}
              </td>
              <td>{entry.httpStatus ?? '—'}</td>
              <td>{entry.durationMs === null ? '—' : formatMs(entry.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
