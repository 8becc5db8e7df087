import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EventSource } from 'eventsource';
import type { BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startFrontEndStack } from '../lib/front-end-stack.js';
import { openBrowser, PAGE_PROBES, UNPACED_FLAGS, type Session } from '../lib/browser.js';
import { startTrace, FRAME_COST_CATEGORIES, type TraceEvent } from '../lib/chromium-trace.js';
import { frameCosts, type FrameCosts } from '../lib/frame-costs.js';
import { quantile } from '../lib/stats.js';
import { figure } from '../lib/figure.js';
import { setTimeout as sleep } from 'node:timers/promises';

interface Recorded {
  frames: number[];
  longTasks: number[];
}

interface Delivered {
  status: number;
  result: number;
}

/** Counts the status and result events a second SSE stream receives; `take` returns them since the last take. */
interface EventCounter {
  take(): Delivered;
  close(): void;
}

/**
 * The page's requestAnimationFrame recorder and long-task observer (PAGE_PROBES), over one
 * window; `counter` is read as the window opens and closes, so the rate is the window's own.
 */
async function recordFrames(
  session: Session,
  ms: number,
  counter?: EventCounter,
): Promise<{ intervals: number[]; longTasks: number[]; delivered: Delivered }> {
  await session.page.evaluate(() => (window as unknown as { __benchStart(): void }).__benchStart());
  counter?.take();
  await sleep(ms);
  const delivered = counter?.take() ?? { status: 0, result: 0 };
  const recorded = await session.page.evaluate(() =>
    (window as unknown as { __benchStop(): Recorded }).__benchStop(),
  );
  return {
    intervals: recorded.frames.slice(1).map((t, i) => t - recorded.frames[i]!),
    longTasks: recorded.longTasks,
    delivered,
  };
}

/** rAF intervals and the trace's per-frame main-thread cost over the same window (collecting the trace comes after it). */
async function traceFrames(
  session: Session,
  ms: number,
  counter?: EventCounter,
): Promise<{ intervals: number[]; costs: FrameCosts; events: TraceEvent[]; delivered: Delivered }> {
  const cdp = await session.context.newCDPSession(session.page);
  try {
    const stop = await startTrace(cdp);
    const { intervals, delivered } = await recordFrames(session, ms, counter);
    const events = await stop();
    return { intervals, costs: frameCosts(events), events, delivered };
  } finally {
    await cdp.detach();
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const spread = (values: number[]) =>
  values.length
    ? `p50 ${ms(quantile(values, 0.5))}, p95 ${ms(quantile(values, 0.95))}, p99 ${ms(quantile(values, 0.99))}, max ${ms(Math.max(...values))}`
    : 'no frames';
const over = (values: number[], limit: number) => values.filter((v) => v > limit).length;
const sum = (values: number[]) => values.reduce((n, v) => n + v, 0);

/** The trace measure's note: frames, their spread, frames over 16 ms, the update's share, long tasks. */
function costNote(costs: FrameCosts, intervals: number[]): string {
  return (
    `${costs.busy.length} frames in ${(costs.spanMs / 1000).toFixed(1)} s, ${over(costs.busy, 16)} over 16 ms; main-thread ms per frame ${spread(costs.busy)}; ` +
    `its CPU time ${spread(costs.cpu)} (${over(costs.cpu, 16)} over 16 ms); ` +
    `of it the frame update (rAF, style, layout, paint, commit) ${spread(costs.update)}; ` +
    `${costs.longTasks.length} tasks ≥ 50 ms (${sum(costs.longTasks).toFixed(0)} ms); rAF intervals in the same window ${spread(intervals)}`
  );
}

/**
 * An EventCounter on its own SSE stream, counting from when the stream is open. The stream asks
 * for no snapshot (`?snapshot=false`, the contract's EventsQuery, as the shell's own stream does):
 * at 10,000 services the snapshot is ~4 MB the gateway would build and send just to be dropped,
 * load on the gateway under measure — and under load it could take longer than the wait for it.
 */
async function countEvents(gatewayUrl: string): Promise<EventCounter> {
  const counts = { status: 0, result: 0 };
  const source = new EventSource(`${gatewayUrl}/api/events?snapshot=false`);
  source.addEventListener('status', () => counts.status++);
  source.addEventListener('result', () => counts.result++);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      source.close();
      reject(new Error('the counting SSE stream did not open within 30 s'));
    }, 30_000);
    source.addEventListener('open', () => (clearTimeout(timer), resolve()));
  });
  return {
    take() {
      const taken = { ...counts };
      counts.status = 0;
      counts.result = 0;
      return taken;
    },
    close: () => source.close(),
  };
}

/**
 * The health panel on 10,000 services while the gateway reports real status changes: the
 * target answers each path 200 and 500 in turn and every check runs every 10 s with
 * failAfter/recoverAfter 1, so each probe changes a status — 1,000 changes/s if the gateway
 * keeps up. The rate actually delivered is counted on a second SSE stream.
 *
 * Three windows on the same page: rAF intervals (the 60 Hz-paced reference, and where the
 * optional CPU profile is taken), then a Chromium trace for each frame's main-thread cost (the
 * goal's figure), then the same trace with the gateway stopped (SIGSTOP: no events at all, the
 * same 10,000-row page) as the control.
 */
export async function frameCostUnderUpdates(options: BenchOptions): Promise<Figure[]> {
  const stack = await startFrontEndStack(options, 10_000, true);
  const session = await openBrowser();
  let paused = false;
  let counter: EventCounter | undefined;
  try {
    await session.page.addInitScript(`window.__benchPanels = 1;\n${PAGE_PROBES}`);
    await session.page.goto(`${stack.shell.url}/p/health`);
    await session.page.waitForFunction(
      () => (window as unknown as { __bench: { readyAt: number | null } }).__bench.readyAt !== null,
      null,
      { timeout: 60_000 },
    );
    await sleep(options.quick ? 3_000 : 8_000); // the list loaded and every check past its first run
    counter = await countEvents(stack.gateway.url);
    const windowMs = options.quick ? 5_000 : 10_000;
    const perSecond = (n: number) => n / (windowMs / 1000);

    // AETHER_BENCH_BROWSER_PROF=DIR: a V8 CPU profile of the page over the paced window (read it
    // with src/tools/profile-top.ts) and the trace of the measured window (DevTools' Performance panel opens it)
    const profileDir = process.env.AETHER_BENCH_BROWSER_PROF;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const profiler = profileDir ? await session.context.newCDPSession(session.page) : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    const paced = await recordFrames(session, windowMs, counter);
    const pacedEvents = paced.delivered;
    if (profiler && profileDir) {
      const { profile } = await profiler.send('Profiler.stop');
      writeFileSync(
        path.join(profileDir, `health-panel-10k-${Date.now()}.cpuprofile`),
        JSON.stringify(profile),
      );
      await profiler.detach();
    }

    const traced = await traceFrames(session, windowMs, counter);
    const tracedEvents = traced.delivered;
    if (profileDir)
      writeFileSync(
        path.join(profileDir, `health-panel-10k-${Date.now()}.trace.json`),
        JSON.stringify({ traceEvents: traced.events }),
      );

    process.kill(stack.gateway.pid, 'SIGSTOP');
    paused = true;
    await sleep(2_000); // events already sent drain into the page
    const idle = await traceFrames(session, windowMs, counter);
    const idleEvents = idle.delivered;

    const rate = perSecond(tracedEvents.status);
    const rates = (e: { status: number; result: number }) =>
      `${perSecond(e.status).toFixed(0)} status and ${perSecond(e.result).toFixed(0)} result events/s`;
    const p95 = quantile(traced.costs.busy, 0.95);
    return [
      figure(
        `Health panel, 10,000 services, status updates for ${windowMs / 1000} s: p95 main-thread time per frame (Chromium trace)`,
        p95,
        'ms',
        '≤ 16 ms',
        p95 <= 16,
        `${costNote(traced.costs, traced.intervals)}; ${rates(tracedEvents)} delivered in the window. A frame's cost is the time the renderer's main thread ran tasks since the previous frame update ended (trace categories ${FRAME_COST_CATEGORIES.join(', ')})`,
      ),
      figure(
        `Health panel, 10,000 services, status updates: p95 main-thread CPU time per frame (same frames)`,
        quantile(traced.costs.cpu, 0.95),
        'ms',
        '— (the work alone, without waiting for a core)',
        null,
        `${over(traced.costs.cpu, 16)} of ${traced.costs.cpu.length} frames over 16 ms; ${spread(traced.costs.cpu)}. The trace's thread time (tdur) of the same tasks: on 2 cores shared with the gateway, the target and other work, wall time above CPU time is time the page waited for a core (see the load average)`,
      ),
      figure(
        `Health panel, 10,000 services: status changes delivered during the measured window`,
        rate,
        'per s',
        '≈ 1,000/s (the load the frame goal is set at)',
        rate >= 980,
        `${tracedEvents.status} status events in the ${windowMs / 1000} s traced window on a second SSE stream (${rates(tracedEvents)}; in the paced window before it ${rates(pacedEvents)}); every one a real probe result from the gateway, none synthetic`,
      ),
      figure(
        `Health panel, 10,000 services, status updates: p95 requestAnimationFrame interval (paced at 60 Hz, reference)`,
        quantile(paced.intervals, 0.95),
        'ms',
        '— (vsync-paced: 16.7 ms at best)',
        null,
        `${paced.intervals.length} frames, ${over(paced.intervals, 16)} over 16 ms, ${over(paced.intervals, 20)} over 20 ms (a vsync missed); ${spread(paced.intervals)}; ${paced.longTasks.length} long tasks (${sum(paced.longTasks).toFixed(0)} ms, longest ${ms(Math.max(0, ...paced.longTasks))}); ${rates(pacedEvents)}. Headless Chromium issues a frame every 16.7 ms however idle the page, so this shows the vsync unless a frame runs over it`,
      ),
      figure(
        `Control: the same page, 10,000 services, gateway stopped (no events): p95 main-thread time per frame`,
        quantile(idle.costs.busy, 0.95),
        'ms',
        '— (control)',
        null,
        `${costNote(idle.costs, idle.intervals)}; ${rates(idleEvents)} in the window (the gateway SIGSTOPped)`,
      ),
    ];
  } finally {
    counter?.close();
    if (paused) process.kill(stack.gateway.pid, 'SIGCONT');
    await session.close();
    await stack.stop();
  }
}

/**
 * What the measures give for nothing: a blank page traced the same way, and its rAF interval
 * with vsync and the frame-rate limit off (UNPACED_FLAGS), which headless Chromium does not
 * honour — if a later version does, this row shows it.
 */
export async function frameCostControls(options: BenchOptions): Promise<Figure[]> {
  const windowMs = options.quick ? 3_000 : 5_000;
  const blank = async (flags: string[]) => {
    const session = await openBrowser(flags);
    try {
      await session.page.setContent('<!doctype html><title>blank</title><p>blank</p>');
      await session.page.evaluate(PAGE_PROBES);
      return await traceFrames(session, windowMs);
    } finally {
      await session.close();
    }
  };
  const plain = await blank([]);
  const unpaced = await blank(UNPACED_FLAGS);
  return [
    figure(
      'Control: blank page, p95 main-thread time per frame (Chromium trace)',
      quantile(plain.costs.busy, 0.95),
      'ms',
      '— (control)',
      null,
      costNote(plain.costs, plain.intervals),
    ),
    figure(
      `Control: blank page with ${UNPACED_FLAGS.join(' ')}, p50 requestAnimationFrame interval`,
      quantile(unpaced.intervals, 0.5),
      'ms',
      '— (unpaced would be well under 16.7 ms)',
      null,
      `${unpaced.intervals.length} frames in ${windowMs / 1000} s, ${spread(unpaced.intervals)}; without the flags ${spread(plain.intervals)}. Headless Chromium keeps pacing frames with these flags, so rAF intervals cannot measure frame cost here; the trace does`,
    ),
  ];
}

/**
 * Any page already open on the front-end stack while its gateway reports status changes (the
 * alternating target of `frameCostUnderUpdates`): rAF intervals over one window (60 Hz-paced:
 * p95, the share of frames over 20 ms — a vsync missed — and long tasks), then a Chromium trace
 * of the next for each frame's main-thread cost (the goal's figure, ≤ 16 ms), with the rate of
 * status changes delivered meanwhile counted on a second SSE stream. `label` names the page.
 */
export async function pageFramesUnderUpdates(
  options: BenchOptions,
  session: Session,
  gatewayUrl: string,
  label: string,
): Promise<Figure[]> {
  const counter = await countEvents(gatewayUrl);
  try {
    const windowMs = options.quick ? 5_000 : 10_000;
    const perSecond = (n: number) => n / (windowMs / 1000);
    const rates = (e: Delivered) =>
      `${perSecond(e.status).toFixed(0)} status and ${perSecond(e.result).toFixed(0)} result events/s`;
    const paced = await recordFrames(session, windowMs, counter);
    const traced = await traceFrames(session, windowMs, counter);
    const p95 = quantile(traced.costs.busy, 0.95);
    const late = over(paced.intervals, 20);
    const share = paced.intervals.length ? (late / paced.intervals.length) * 100 : Number.NaN;
    const rate = perSecond(traced.delivered.status);
    return [
      figure(
        `${label}, status updates for ${windowMs / 1000} s: p95 main-thread time per frame (Chromium trace)`,
        p95,
        'ms',
        '≤ 16 ms',
        p95 <= 16,
        `${costNote(traced.costs, traced.intervals)}; ${rates(traced.delivered)} delivered in the window`,
      ),
      figure(
        `${label}, status updates: p95 requestAnimationFrame interval (paced at 60 Hz, reference)`,
        quantile(paced.intervals, 0.95),
        'ms',
        '— (vsync-paced: 16.7 ms at best)',
        null,
        `${paced.intervals.length} frames; ${spread(paced.intervals)}; ${paced.longTasks.length} long tasks (${sum(paced.longTasks).toFixed(0)} ms, longest ${ms(Math.max(0, ...paced.longTasks))}); ${rates(paced.delivered)}`,
      ),
      figure(
        `${label}, status updates: share of frames over 20 ms (a vsync missed)`,
        share,
        '%',
        '— (reference)',
        null,
        `${late} of ${paced.intervals.length} rAF intervals over 20 ms in the paced window; long tasks in it: ${paced.longTasks.length}`,
      ),
      figure(
        `${label}: status changes delivered during the measured window`,
        rate,
        'per s',
        '≈ 1,000/s (the load the frame goal is set at)',
        rate >= 980,
        `${traced.delivered.status} status events in the ${windowMs / 1000} s traced window on a second SSE stream (in the paced window before it ${rates(paced.delivered)}); every one a real probe result`,
      ),
    ];
  } finally {
    counter.close();
  }
}
