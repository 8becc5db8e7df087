import { memo } from 'react';

const WIDTH = 64;
const HEIGHT = 18;

/** A tiny trend line of recent latencies; decorative (the value is written next to it). */
export const LatencySparkline = memo(function LatencySparkline({
  values,
}: {
  values: readonly number[];
}) {
  if (values.length < 2)
    return <svg className="hp-sparkline" width={WIDTH} height={HEIGHT} aria-hidden="true" />;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const step = WIDTH / (values.length - 1);
  const points = values
    .map(
      (v, i) =>
        `${(i * step).toFixed(1)},${(HEIGHT - 2 - ((v - min) / span) * (HEIGHT - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      className="hp-sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      aria-hidden="true"
      focusable="false"
    >
      <polyline points={points} />
    </svg>
  );
});
