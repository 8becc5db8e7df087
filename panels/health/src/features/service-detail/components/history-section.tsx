import { lazy, Suspense } from 'react';
import type { History, ServiceDetail } from '@aether/contract';
import { formatDateTime, formatLatency, formatRatio } from '../../../lib/format';
import { errorMessage } from '@aether/panel-kit';
import { useHistory } from '../hooks/use-history';
import { firstDataAt, monitoringGaps } from '../history-coverage';
import { HISTORY_RANGES, type HistoryRange } from '../history-ranges';
import { DeployMarkers } from './deploy-markers';
import { StatusBand } from './status-band';

// uPlot only loads with the first chart, keeping it out of the list view's JavaScript.
const HistoryChart = lazy(() => import('./history-chart'));

function describe(history: History): string {
  const p95 = history.points.flatMap((p) => (p.p95 == null ? [] : [p.p95]));
  if (!p95.length) return 'No latency data in this range.';
  const sorted = [...p95].sort((a, b) => a - b);
  return `Latency percentiles over time; p95 ranges from ${formatLatency(sorted[0])} to ${formatLatency(sorted.at(-1))}, median ${formatLatency(sorted[Math.floor(sorted.length / 2)])}.`;
}

/** Says where the data starts when the range reaches back further (a new check, or retention). */
function CoverageNote({ points }: { points: History['points'] }) {
  const since = firstDataAt(points);
  if (!since) return null;
  return (
    <p className="hp-history__note">
      No data before {formatDateTime(since)}: the check is newer than this range, or the gateway no
      longer keeps older history (its <code>storage.retention</code>; hour rollups are kept 60 days
      by default).
    </p>
  );
}

/** Says when nothing was probed inside the range: the chart's breaks there are gaps, not outages. */
function GapsNote({ points }: { points: History['points'] }) {
  const gaps = monitoringGaps(points);
  if (gaps.length === 0) return null;
  return (
    <p className="hp-history__note">
      Not monitored{' '}
      {gaps.map((gap, i) => (
        <span key={gap.from}>
          {i > 0 && ', '}
          {formatDateTime(gap.from)} – {formatDateTime(gap.to)}
        </span>
      ))}
      : the gateway did not probe then (stopped, or the check was not configured), so that time is
      unknown, neither up nor down, and not in the uptime.
    </p>
  );
}

const UPTIME_WINDOWS = [
  { range: '1h', key: 'h1' },
  { range: '24h', key: 'h24' },
  { range: '7d', key: 'd7' },
] as const satisfies readonly { range: HistoryRange; key: keyof ServiceDetail['uptime'] }[];

/** History with range switching (1 h … 1 y), p50/p95/p99 and uptime per range. */
export function HistorySection({
  service,
  range,
  onRange,
}: {
  service: ServiceDetail;
  range: HistoryRange;
  onRange: (range: HistoryRange) => void;
}) {
  const { history, status, error, reload } = useHistory(
    service.id,
    range,
    `${service.status}|${service.since ?? ''}`,
  );
  return (
    <section className="hp-card" aria-labelledby="hp-history-title">
      <header className="hp-history__header">
        <h2 id="hp-history-title">History</h2>
        <div role="group" aria-label="Range" className="hp-segmented">
          {HISTORY_RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => onRange(r)}>
              {r}
            </button>
          ))}
        </div>
      </header>
      <dl className="hp-uptimes">
        {UPTIME_WINDOWS.map(({ range: r, key }) => {
          // One truth per window: the range on screen reads the history answer (the band's data,
          // read again on every status change); the other windows read the service's columns.
          const value = r === range ? history?.uptime : service.uptime[key];
          return (
            <div key={r} aria-current={r === range ? 'true' : undefined}>
              <dt>Uptime {r}</dt>
              <dd>{value === undefined ? '…' : formatRatio(value)}</dd>
            </div>
          );
        })}
        {!UPTIME_WINDOWS.some((w) => w.range === range) && (
          <div aria-current="true">
            <dt>Uptime {range}</dt>
            <dd>{history ? formatRatio(history.uptime) : '…'}</dd>
          </div>
        )}
      </dl>
      {status === 'error' && !history ? (
        <p role="alert">
          History could not be loaded: {errorMessage(error)}{' '}
          <button type="button" className="hp-link-button" onClick={reload}>
            Retry
          </button>
        </p>
      ) : history ? (
        <>
          <Suspense fallback={<div className="hp-chart hp-skeleton__block" aria-busy="true" />}>
            <HistoryChart
              points={history.points}
              band={<StatusBand history={history} />}
              label={`${describe(history)} Range ${range}, step ${Math.round(history.stepMs / 60_000)} min.`}
            >
              <DeployMarkers deploys={history.deploys} from={history.from} to={history.to} />
            </HistoryChart>
          </Suspense>
          <CoverageNote points={history.points} />
          <GapsNote points={history.points} />
        </>
      ) : (
        <div
          className="hp-chart hp-skeleton__block"
          role="status"
          aria-busy="true"
          aria-label="Loading history"
        />
      )}
    </section>
  );
}
