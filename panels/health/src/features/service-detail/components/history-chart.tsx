import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import type { HistoryPoint } from '@aether/contract';
import { formatLatency } from '../../../lib/format';
import { Stylesheet } from '../../../components/stylesheet';

const HEIGHT = 220;
// Quiet, distinguishable lines; also told apart by dash pattern, not by colour alone.
const SERIES = [
  { key: 'p50', label: 'p50', stroke: 'var(--hp-chart-p50, #58a6ff)', dash: undefined },
  { key: 'p95', label: 'p95', stroke: 'var(--hp-chart-p95, #d29922)', dash: [6, 3] },
  { key: 'p99', label: 'p99', stroke: 'var(--hp-chart-p99, #f0883e)', dash: [2, 3] },
] as const;

function resolveColour(element: Element, colour: string): string {
  const match = /^var\((--[\w-]+),\s*(.+)\)$/.exec(colour);
  if (!match) return colour;
  return getComputedStyle(element).getPropertyValue(match[1]!).trim() || match[2]!;
}

export function toChartData(points: readonly HistoryPoint[]): uPlot.AlignedData {
  return [
    points.map((p) => Date.parse(p.t) / 1000),
    points.map((p) => p.p50),
    points.map((p) => p.p95),
    points.map((p) => p.p99),
  ];
}

/** Tells overlays (deploy markers) where uPlot's plot area is, as --hp-plot-* on the frame. */
function publishPlotBox(chart: uPlot, frame: HTMLElement | null) {
  const over = (chart as { over?: HTMLElement }).over;
  if (!frame || !over) return;
  const host = frame.getBoundingClientRect();
  const box = over.getBoundingClientRect();
  frame.style.setProperty('--hp-plot-left', `${box.left - host.left}px`);
  frame.style.setProperty('--hp-plot-top', `${box.top - host.top}px`);
  frame.style.setProperty('--hp-plot-width', `${box.width}px`);
  frame.style.setProperty('--hp-plot-height', `${box.height}px`);
}

/**
 * Latency p50/p95/p99 over time, drawn by uPlot (lazily loaded with the detail route); `children`
 * are laid over it (deploy markers) and `band` above it, positioned by the plot area it publishes.
 */
export default function HistoryChart({
  points,
  label,
  band,
  children,
}: {
  points: readonly HistoryPoint[];
  label: string;
  /** Drawn above the plot, in the frame whose --hp-plot-* box it aligns to (the status band). */
  band?: ReactNode;
  children?: ReactNode;
}) {
  const host = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const axis = {
      stroke: resolveColour(element, 'var(--hp-text-muted, #8b949e)'),
      grid: { stroke: resolveColour(element, 'var(--hp-grid, rgba(139,148,158,.15))') },
    };
    const chart = new uPlot(
      {
        width: element.clientWidth || 600,
        height: HEIGHT,
        scales: { x: { time: true } },
        series: [
          {},
          ...SERIES.map((s) => ({
            label: s.label,
            stroke: resolveColour(element, s.stroke),
            width: 1.5,
            dash: s.dash ? [...s.dash] : undefined,
            spanGaps: false,
            points: { show: false },
            value: (_: uPlot, v: number | null) => formatLatency(v),
          })),
        ],
        axes: [
          axis,
          {
            ...axis,
            size: 64,
            values: (_: uPlot, ticks: number[]) => ticks.map((t) => formatLatency(t)),
          },
        ],
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
      },
      toChartData(points),
      element,
    );
    publishPlotBox(chart, frame.current);
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: element.clientWidth || 600, height: HEIGHT });
      publishPlotBox(chart, frame.current);
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [points]);

  return (
    <>
      <Stylesheet name="uplot" css={uPlotCss} />
      <div ref={frame} style={{ position: 'relative' }}>
        {band}
        <div ref={host} className="hp-chart" role="img" aria-label={label} />
        {children}
      </div>
    </>
  );
}
