import { memo } from 'react';
import type { HistoryPoint } from '@aether/contract';
import { formatClock, formatRatio } from '../../../lib/format';
import { UPTIME_SEGMENTS } from '../api/get-uptime-history';

/**
 * 90 segments over 24 h, as public status pages show it. Each segment's state also shows as its
 * height (failures full, degraded taller than up), and the whole bar has a text label.
 */
export const UptimeBar = memo(function UptimeBar({
  points,
  ratio,
}: {
  points: readonly HistoryPoint[] | undefined;
  ratio: number | null;
}) {
  const segments = points ? points.slice(-UPTIME_SEGMENTS) : [];
  const failing = segments.filter((p) => p.failures > 0).length;
  const label = points
    ? `24 hour uptime ${formatRatio(ratio)}, ${failing} of ${segments.length} periods with failures`
    : `24 hour uptime ${formatRatio(ratio)}`;
  return (
    <span className="hp-uptime" role="img" aria-label={label}>
      <span className="hp-uptime__bar" aria-hidden="true">
        {points
          ? segments.map((p) => (
              <span
                key={p.t}
                className={`hp-uptime__seg hp-uptime__seg--${p.failures > 0 ? 'down' : p.status}`}
                title={`${formatClock(p.t)}: ${formatRatio(p.successRatio)}`}
              />
            ))
          : Array.from({ length: UPTIME_SEGMENTS }, (_, i) => (
              <span key={i} className="hp-uptime__seg hp-uptime__seg--pending" />
            ))}
      </span>
      <span className="hp-uptime__value" aria-hidden="true">
        {formatRatio(ratio)}
      </span>
    </span>
  );
});
