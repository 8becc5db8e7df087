/**
 * The one rule for the step of a history answer, used by the API (api/history-range.ts) and
 * by the monitor: round steps (10s, 15m, 1h, …), about TARGET_POINTS points when no step is
 * asked, and never more than MAX_HISTORY_POINTS points — a wider step instead.
 */
const DAY = 86_400_000;

export const TARGET_POINTS = 120;
/** More points than this are never returned: the step is widened instead. */
export const MAX_HISTORY_POINTS = 1_000;

const NICE_STEPS = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800,
].map((s) => s * 1000);

/** The smallest round step (10s, 15m, 1h, ...) at least `ms` long. */
export function niceStep(ms: number): number {
  return NICE_STEPS.find((step) => step >= ms) ?? Math.ceil(ms / DAY) * DAY;
}

/**
 * The step for a range of `spanMs`: the asked one (when it is a positive number) unless it would
 * give more than MAX_HISTORY_POINTS points, else a round step giving about TARGET_POINTS.
 * Applying it to its own answer changes nothing, so the API and the monitor can both apply it.
 */
export function historyStep(spanMs: number, askedMs?: number): number {
  const span = Math.max(1, spanMs);
  const step =
    askedMs !== undefined && Number.isFinite(askedMs) && askedMs > 0
      ? Math.round(askedMs) || 1
      : niceStep(span / TARGET_POINTS);
  return span / step > MAX_HISTORY_POINTS ? niceStep(span / MAX_HISTORY_POINTS) : step;
}
