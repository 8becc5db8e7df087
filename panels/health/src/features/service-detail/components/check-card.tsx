import type { CheckDetail } from '@aether/contract';
import { StatusBadge } from '../../../components/status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { ConditionsTable } from '../../../components/conditions-table';
import { formatLatency, formatSpan } from '../../../lib/format';
import { TimingWaterfall } from './timing-waterfall';

/** One check: its status, then its latest result condition by condition, then (http) its timing. */
export function CheckCard({ check }: { check: CheckDetail }) {
  const result = check.lastResult;
  const headingId = `hp-check-${check.id}`;
  return (
    <section className={`hp-card hp-check hp-check--${check.status}`} aria-labelledby={headingId}>
      <header className="hp-check__header">
        <h3 id={headingId}>
          {check.id} <span className="hp-muted">· {check.type}</span>
        </h3>
        <StatusBadge status={check.status} />
      </header>
      <p className="hp-check__meta hp-muted">
        <code>{check.target}</code> · every {formatSpan(check.intervalMs)} · timeout{' '}
        {formatSpan(check.timeoutMs)} · down after {check.failAfter}{' '}
        {check.failAfter === 1 ? 'failure' : 'failures'}
        {check.consecutiveFailures > 0 && ` · ${check.consecutiveFailures} failing in a row`}
      </p>
      {result ? (
        <>
          <p className="hp-check__result">
            Last result <RelativeTime iso={result.timestamp} suffix=" ago" /> in{' '}
            {formatLatency(result.durationMs)}
            {result.httpStatus !== undefined && <> · HTTP {result.httpStatus}</>}
          </p>
          {result.errors.length > 0 && (
            <ul className="hp-errors" aria-label="Errors">
              {result.errors.map((e, i) => (
                <li key={i}>
                  <strong>{e.kind}</strong>: {e.message}
                </li>
              ))}
            </ul>
          )}
          <ConditionsTable
            conditions={result.conditions}
            caption={`Conditions of check ${check.id}`}
          />
          {result.type === 'http' && result.timings && <TimingWaterfall timings={result.timings} />}
        </>
      ) : (
        <p className="hp-muted">Not run yet.</p>
      )}
    </section>
  );
}
