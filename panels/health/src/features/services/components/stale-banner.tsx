import { formatSpan } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';

/** Data kept but no longer live: say so, with its age, instead of pretending it is current. */
export function StaleBanner({ since, reason }: { since: number | null; reason: string }) {
  const now = useNow(1000);
  return (
    <div className="hp-banner" role="status">
      <span className="hp-banner__icon" aria-hidden="true">
        ⏸
      </span>
      <span>
        <strong>Stale data</strong> — {reason}
        {since !== null && <>; last update {formatSpan(now - since)} ago</>}.
      </span>
    </div>
  );
}
