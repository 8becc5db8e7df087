import type { SloBudgetSeries } from '@aether/contract';
import { formatDateTime } from '../../../lib/format';
import { formatBudget } from '../slo-figures';

const WIDTH = 600;
const HEIGHT = 160;

/** The chart's y range: 0–100 %, stretched to show an overspent budget below zero. */
function yRange(values: readonly number[]): [number, number] {
  return [Math.min(0, ...values), Math.max(1, ...values)];
}

/**
 * SVG path of the remaining ratio over time; a step without results (null) breaks the line
 * rather than drawing across it.
 */
export function budgetPath(series: Pick<SloBudgetSeries, 'from' | 'to' | 'points'>): string {
  const from = Date.parse(series.from);
  const span = Math.max(1, Date.parse(series.to) - from);
  const [low, high] = yRange(series.points.flatMap((p) => p.remainingRatio ?? []));
  let path = '';
  let drawing = false;
  for (const p of series.points) {
    if (p.remainingRatio === null) {
      drawing = false;
      continue;
    }
    const x = ((Date.parse(p.t) - from) / span) * WIDTH;
    const y = ((high - p.remainingRatio) / (high - low)) * HEIGHT;
    path += `${drawing ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/** What the chart shows, in words: its accessible name. */
export function describeBudget(series: SloBudgetSeries): string {
  const known = series.points.filter((p) => p.remainingRatio !== null);
  if (!known.length) return `No results in the last ${series.window}: no budget to chart.`;
  const first = known[0]!;
  const last = known.at(-1)!;
  const lowest = Math.min(...known.map((p) => p.remainingRatio!));
  return `Error budget left over the last ${series.window}: ${formatBudget(first.remainingRatio!)} on ${formatDateTime(first.t)}, ${formatBudget(last.remainingRatio!)} on ${formatDateTime(last.t)}, lowest ${formatBudget(lowest)}.`;
}

/**
 * The budget's burn-down over the SLO window: the remaining ratio at each step, with the
 * zero line where the budget is spent. Plain SVG: a few hundred points need no chart library.
 */
export function BudgetChart({ series }: { series: SloBudgetSeries }) {
  const [low, high] = yRange(series.points.flatMap((p) => p.remainingRatio ?? []));
  const zeroY = (high / (high - low)) * HEIGHT;
  return (
    <figure className="hp-slo__chart">
      <div className="hp-slo__plot">
        <span className="hp-slo__axis hp-slo__axis--top" aria-hidden="true">
          {formatBudget(high)}
        </span>
        <svg
          role="img"
          aria-label={describeBudget(series)}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          width="100%"
          height={HEIGHT}
        >
          <line
            className="hp-slo__zero"
            x1={0}
            x2={WIDTH}
            y1={zeroY}
            y2={zeroY}
            vectorEffect="non-scaling-stroke"
          />
          <path className="hp-slo__line" d={budgetPath(series)} vectorEffect="non-scaling-stroke" />
        </svg>
        <span className="hp-slo__axis hp-slo__axis--zero" aria-hidden="true" style={{ top: zeroY }}>
          0 %
        </span>
      </div>
      <figcaption className="hp-muted hp-slo__caption">
        <span>{formatDateTime(series.from)}</span>
        <span>Budget left over the window ending at each point</span>
        <span>{formatDateTime(series.to)}</span>
      </figcaption>
    </figure>
  );
}
