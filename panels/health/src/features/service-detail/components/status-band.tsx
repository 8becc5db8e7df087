import type { History } from '@aether/contract';
import { formatDateTime } from '../../../lib/format';
import { statusSegments } from '../status-band';
import styles from './status-band.css?inline';
import { Stylesheet } from '../../../components/stylesheet';

const LABEL = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'No data' } as const;

/**
 * Up/degraded/down/unknown over the history's range, as a strip above the chart's plot area
 * (aligned by the chart's --hp-plot-* box). Each segment names its status and span for screen
 * readers and on hover.
 */
export function StatusBand({
  history,
}: {
  history: Pick<History, 'points' | 'from' | 'to' | 'stepMs'>;
}) {
  const segments = statusSegments(history.points, history.from, history.to, history.stepMs);
  if (!segments.length) return null;
  return (
    <>
      <Stylesheet name="status-band" css={styles} />
      <ol className="hp-status-band" aria-label="Status over this range">
        {segments.map((s) => {
          const text = `${LABEL[s.status]} ${formatDateTime(s.from)} → ${formatDateTime(s.to)}`;
          return (
            <li
              key={s.from}
              className={`hp-status-band__segment hp-status-band__segment--${s.status}`}
              style={{ left: `${s.start * 100}%`, width: `${s.width * 100}%` }}
              title={text}
            >
              <span className="ae-visually-hidden">{text}</span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
