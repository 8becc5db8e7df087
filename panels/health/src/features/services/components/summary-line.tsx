import type { Status } from '@aether/contract';
import { StatusIcon, STATUS_LABEL } from '../../../components/status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { useCountsKnown, useLastResultAt, useStatusCounts } from '../hooks/use-status-counts';

const ORDER: Status[] = ['up', 'degraded', 'down', 'unknown'];

/** "12 up · 1 degraded · 1 down · 1 unknown — last result 4 s ago", answering the first question at a glance. */
export function SummaryLine() {
  const counts = useStatusCounts();
  const known = useCountsKnown();
  const lastResultAt = useLastResultAt();
  return (
    <div className="hp-summary" role="status" aria-label="Fleet summary" aria-busy={!known}>
      <ul className="hp-summary__counts">
        {ORDER.map((status) => (
          <li
            key={status}
            className={`hp-summary__count hp-status--${status}`}
            data-status={status}
          >
            <StatusIcon status={status} />
            {/* a first page before the summary: its own counts would understate the fleet */}
            <strong>{known ? counts[status] : '…'}</strong> {STATUS_LABEL[status].toLowerCase()}
          </li>
        ))}
      </ul>
      <span className="hp-summary__last">
        {lastResultAt ? (
          <RelativeTime iso={lastResultAt} prefix="Last result " suffix=" ago" />
        ) : (
          'No results yet'
        )}
      </span>
    </div>
  );
}
