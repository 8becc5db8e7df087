import type { DeployWindow, HistoryPoint } from '@aether/contract';
import type { HistoryRequest, ResultStore } from '../store/types.js';
import { CLOSED_AFTER_MS, KEPT_FOR_MS, type StepMemo } from './closed-steps.js';

/** Windows up to this long are read from raw results (exact counts at their edges, if retained). */
const RAW_WINDOW_MS = 2 * 3_600_000;
/** A raw step: under a minute, so the store reads raw rows and cuts them at the window's edges. */
const RAW_STEP_MS = 30_000;
/** Longer windows are read in about this many steps of rollups. */
const ROLLUP_STEPS = 240;

/**
 * Count, good results and p50/p95 of one check in [fromMs, toMs), read through the store's
 * history. Windows up to 2 h (the "before" window and a fresh "after") read raw results, so the
 * counts start exactly at the deploy; their quantiles are count-weighted over 30 s steps (the
 * store's own rule for multi-bucket steps). Longer windows, or ones older than the raw retention,
 * read minute or hour rollups: their first bucket may start up to a bucket before `fromMs`.
 */
export async function windowStats(
  results: ResultStore,
  serviceId: string,
  checkId: string,
  fromMs: number,
  toMs: number,
  /** Count a result stamped exactly at `toMs` too (the "after" window runs up to and including now). */
  endInclusive = false,
  /** Where the window's closed steps are kept between reads (raw steps only), and the time now. */
  closed?: { memo: StepMemo; nowMs: number },
): Promise<Omit<DeployWindow, 'failing'>> {
  const empty = {
    from: new Date(fromMs).toISOString(),
    to: new Date(Math.max(fromMs, toMs)).toISOString(),
    total: 0,
    good: 0,
    p50: null,
    p95: null,
  };
  if (toMs < fromMs || (toMs === fromMs && !endInclusive)) return empty;
  const span = toMs - fromMs;
  const stepMs =
    span <= RAW_WINDOW_MS ? RAW_STEP_MS : Math.max(60_000, Math.ceil(span / ROLLUP_STEPS));
  const request = { serviceId, checkId, fromMs, toMs: endInclusive ? toMs + 1 : toMs, stepMs };
  // a longer window's step grows with it: nothing read before lines up with the next read
  const points =
    closed && stepMs === RAW_STEP_MS
      ? await readClosing(results, request, closed.memo, closed.nowMs)
      : await results.history(request);
  const total = points.reduce((n, p) => n + p.count, 0);
  if (total === 0) return empty;
  return {
    ...empty,
    total,
    good: points.reduce((n, p) => n + p.count - p.failures, 0),
    p50: weightedQuantile(points, 'p50', 0.5),
    p95: weightedQuantile(points, 'p95', 0.95),
  };
}

/**
 * The window's points, reading only what came after its kept closed steps; keeps the steps that
 * closed since. The same points a whole read gives: steps are aligned to the step (not to the
 * window), so a read from a step boundary splits no step, and a closed step never changes.
 */
async function readClosing(
  results: ResultStore,
  request: HistoryRequest,
  memo: StepMemo,
  nowMs: number,
): Promise<HistoryPoint[]> {
  const { fromMs, toMs, stepMs } = request;
  const stored = memo.get();
  const kept = stored && nowMs - stored.sinceMs < KEPT_FOR_MS ? stored : undefined;
  if (kept && kept.untilMs >= toMs) return kept.points;
  const readFrom = kept?.untilMs ?? fromMs;
  const fresh = await results.history({ ...request, fromMs: readFrom });
  const closedTo = Math.min(toMs, nowMs - CLOSED_AFTER_MS);
  const untilMs = closedTo >= toMs ? toMs : closedTo - (((closedTo % stepMs) + stepMs) % stepMs);
  if (untilMs > readFrom) {
    const closing =
      untilMs === toMs ? fresh : fresh.filter((p) => Date.parse(p.t) + stepMs <= untilMs);
    memo.set({
      points: kept ? kept.points.concat(closing) : closing,
      untilMs,
      sinceMs: kept?.sinceMs ?? nowMs,
    });
  }
  return kept ? kept.points.concat(fresh) : fresh;
}

/** Nearest-rank quantile of the steps' own quantiles, each weighted by its result count. */
function weightedQuantile(
  points: readonly HistoryPoint[],
  field: 'p50' | 'p95',
  q: number,
): number | null {
  const values = points
    .filter((p) => p.count > 0 && p[field] !== null)
    .map((p) => ({ v: p[field]!, w: p.count }))
    .sort((a, b) => a.v - b.v);
  if (values.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * values.reduce((n, x) => n + x.w, 0)));
  let seen = 0;
  for (const x of values) {
    seen += x.w;
    if (seen >= rank) return x.v;
  }
  return values.at(-1)!.v;
}
