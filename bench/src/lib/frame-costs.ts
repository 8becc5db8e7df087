import type { TraceEvent } from './chromium-trace.js';

export interface FrameCosts {
  /** Main-thread busy ms per frame: task time between the end of one frame update and the end of the next. */
  busy: number[];
  /**
   * Main-thread CPU ms per frame (the trace's thread time, `tdur`): the same work without the
   * time the thread waited for a core, which on a shared machine wall time includes.
   */
  cpu: number[];
  /** ms of each frame's own update on the main thread (rAF callbacks, style, layout, paint, commit). */
  update: number[];
  /** Main-thread tasks of 50 ms or more in the trace (what the Long Tasks API reports), their ms. */
  longTasks: number[];
  /** The traced span on the main thread, ms (first to last frame end). */
  spanMs: number;
}

const isComplete = (e: TraceEvent): e is TraceEvent & { dur: number } =>
  e.ph === 'X' && typeof e.dur === 'number';

/**
 * What each frame cost the page's main thread, from a Chromium trace — not when it was shown.
 *
 * Headless Chromium issues a frame every 16.7 ms however little the page does, so
 * requestAnimationFrame intervals give the vsync, not the work. Here frames are delimited by the
 * end of each `ProxyMain::BeginMainFrame` (the compositor-driven update: rAF callbacks, style,
 * layout, paint, commit) on the renderer's main thread, and a frame's cost is the time that
 * thread spent running tasks (`RunTask`: event and SSE handlers, React renders, timers, GC, the
 * update itself) since the previous frame's end. Unpaced, frames would follow each other at
 * that cost; a frame over 16 ms is one the page itself could not have made at 60 Hz.
 * Work on other threads (compositor, raster) is not counted: for a DOM list the main thread is
 * where frames are lost.
 */
export function frameCosts(events: TraceEvent[]): FrameCosts {
  const updatesBy = new Map<string, (TraceEvent & { dur: number })[]>();
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (!mainThreads.has(thread) || e.name !== 'ProxyMain::BeginMainFrame' || !isComplete(e))
      continue;
    const list = updatesBy.get(thread);
    if (list) list.push(e);
    else updatesBy.set(thread, [e]);
  }
  // the page under test is the renderer that made the most frames (a spare renderer makes none)
  const [thread, updates] = [...updatesBy].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!thread || !updates || updates.length < 2)
    return { busy: [], cpu: [], update: [], longTasks: [], spanMs: 0 };
  updates.sort((a, b) => a.ts - b.ts);

  const tasks = events
    .filter(
      (e): e is TraceEvent & { dur: number } =>
        `${e.pid}:${e.tid}` === thread && e.name === 'RunTask' && isComplete(e),
    )
    .map((e): Span => [e.ts, e.ts + e.dur, e.tdur ?? e.dur])
    .sort((a, b) => a[0] - b[0]);
  const busySpans = union(tasks);
  const ends = updates.map((u) => u.ts + u.dur);
  const busy: number[] = [];
  const cpu: number[] = [];
  let k = 0;
  for (let i = 1; i < ends.length; i++) {
    const from = ends[i - 1]!;
    const to = ends[i]!;
    while (k < busySpans.length && busySpans[k]![1] <= from) k++;
    let wallUs = 0;
    let cpuUs = 0;
    for (let j = k; j < busySpans.length && busySpans[j]![0] < to; j++) {
      const [start, end, cpuOfSpan] = busySpans[j]!;
      const inside = Math.min(to, end) - Math.max(from, start);
      wallUs += inside;
      cpuUs += end > start ? (cpuOfSpan * inside) / (end - start) : 0; // a span across a boundary: its CPU in proportion
    }
    busy.push(wallUs / 1000);
    cpu.push(cpuUs / 1000);
  }
  return {
    busy,
    cpu,
    update: updates.slice(1).map((u) => u.dur / 1000),
    longTasks: busySpans.map(([s, e]) => (e - s) / 1000).filter((ms) => ms >= 50),
    spanMs: (ends.at(-1)! - ends[0]!) / 1000,
  };
}

/** A task on the main thread: start and end (wall µs), and its thread CPU µs. */
type Span = [number, number, number];

/** Spans sorted by start, merged where they overlap: a nested RunTask's time is already its parent's. */
function union(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const [s, e, cpu] of spans) {
    const last = merged.at(-1);
    if (!last || s >= last[1]) merged.push([s, e, cpu]);
    else if (e > last[1]) {
      last[2] += (cpu * (e - last[1])) / (e - s); // overlaps the end only: the part beyond it
      last[1] = e;
    }
  }
  return merged;
}
