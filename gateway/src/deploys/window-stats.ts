import type { DeployWindow, HistoryPoint } from '@aether/contract';
import type { HistoryRequest, ResultStore } from '../store/types.js';
import { CLOSED_AFTER_MS, KEPT_FOR_MS, type StepMemo, type StepSummary } from './closed-steps.js';

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
  const steps =
    closed && stepMs === RAW_STEP_MS
      ? await readClosing(results, request, closed.memo, closed.nowMs)
      : summarize(await results.history(request));
  if (steps.total === 0) return empty;
  return {
    ...empty,
    total: steps.total,
    good: steps.total - steps.failures,
    p50: weightedQuantile(steps.p50, 0.5),
    p95: weightedQuantile(steps.p95, 0.95),
  };
}

/** Steps' counts summed, and each step's p50 and p95 with its count as weight. */
function summarize(points: readonly HistoryPoint[]): StepSummary {
  const steps: StepSummary = { total: 0, failures: 0, p50: [], p95: [] };
  for (const p of points) {
    if (p.count === 0) continue;
    steps.total += p.count;
    steps.failures += p.failures;
    if (p.p50 !== null) steps.p50.push(p.p50, p.count);
    if (p.p95 !== null) steps.p95.push(p.p95, p.count);
  }
  return steps;
}

const join = (a: StepSummary, b: StepSummary): StepSummary => ({
  total: a.total + b.total,
  failures: a.failures + b.failures,
  p50: a.p50.concat(b.p50),
  p95: a.p95.concat(b.p95),
});

/**
 * The window's steps, reading only what came after its kept closed steps; keeps the steps that
 * closed since. The same steps a whole read gives: steps are aligned to the step (not to the
 * window), so a read from a step boundary splits no step, and a closed step never changes.
 */
async function readClosing(
  results: ResultStore,
  request: HistoryRequest,
  memo: StepMemo,
  nowMs: number,
): Promise<StepSummary> {
  const { fromMs, toMs, stepMs } = request;
  const stored = memo.get();
  const kept = stored && nowMs - stored.sinceMs < KEPT_FOR_MS ? stored : undefined;
  if (kept && kept.untilMs >= toMs) return kept.steps;
  const readFrom = kept?.untilMs ?? fromMs;
  const fresh = await results.history({ ...request, fromMs: readFrom });
  const closedTo = Math.min(toMs, nowMs - CLOSED_AFTER_MS);
  const untilMs = closedTo >= toMs ? toMs : closedTo - (((closedTo % stepMs) + stepMs) % stepMs);
  if (untilMs <= readFrom) return kept ? join(kept.steps, summarize(fresh)) : summarize(fresh);
  const cut =
    untilMs === toMs ? fresh.length : fresh.findIndex((p) => Date.parse(p.t) + stepMs > untilMs);
  const closing = summarize(cut === -1 ? fresh : fresh.slice(0, cut));
  const open = summarize(cut === -1 ? [] : fresh.slice(cut));
  const steps = kept ? join(kept.steps, closing) : closing;
  memo.set({ steps, untilMs, sinceMs: kept?.sinceMs ?? nowMs });
  return join(steps, open);
}

/** Nearest-rank quantile of the steps' own quantiles, each weighted by its result count. */
function weightedQuantile(pairs: readonly number[], q: number): number | null {
  if (pairs.length === 0) return null;
  const order = Array.from({ length: pairs.length / 2 }, (_, i) => 2 * i).sort(
    (a, b) => pairs[a]! - pairs[b]!,
  );
  let sum = 0;
  for (const i of order) sum += pairs[i + 1]!;
  const rank = Math.max(1, Math.ceil(q * sum));
  let seen = 0;
  for (const i of order) {
    seen += pairs[i + 1]!;
    if (seen >= rank) return pairs[i]!;
  }
  return pairs[order.at(-1)!]!;
}
