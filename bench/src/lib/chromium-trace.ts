import type { CDPSession } from 'playwright-core';

/** One event of Chromium's Trace Event Format, as CDP's `Tracing.dataCollected` delivers it (µs). */
export interface TraceEvent {
  name: string;
  cat: string;
  /** Phase: X complete (with dur), I instant, b/e async begin/end, M metadata. */
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of an X event, µs, where the platform gives it. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/**
 * What a per-frame cost needs, and little else, so tracing stays cheap on the page it measures:
 * `disabled-by-default-devtools.timeline` gives every task the renderer's main thread runs
 * (`RunTask`), `benchmark` the compositor-driven frame update on it (`ProxyMain::BeginMainFrame`,
 * category "cc,benchmark": rAF callbacks, style, layout, paint, commit). The default
 * `devtools.timeline` (a `FunctionCall` per JS entry) is left out on purpose.
 */
export const FRAME_COST_CATEGORIES = [
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'benchmark',
];

/**
 * Starts a Chromium trace over CDP (the page's session; Chromium traces every process of the
 * browser) and returns a function that ends it and resolves to every event collected.
 */
export async function startTrace(
  cdp: CDPSession,
  categories = FRAME_COST_CATEGORIES,
): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: object[] }) => void events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: categories,
      excludedCategories: ['*'],
      recordMode: 'recordAsMuchAsPossible',
    },
  });
  return async () => {
    const complete = new Promise<void>((resolve) =>
      cdp.once('Tracing.tracingComplete', () => resolve()),
    );
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
    return events;
  };
}
