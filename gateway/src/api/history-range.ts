import { parseDuration, type HistoryQuery } from '@aether/contract';
import { badRequest } from './errors.js';

const DAY = 86_400_000;
export const DEFAULT_RANGE_MS = DAY;
export const TARGET_POINTS = 120;
/** More points than this are never returned: the step is widened instead. */
export const MAX_POINTS = 1_000;
export const MAX_RANGE_MS = 400 * DAY;
export const MIN_STEP_MS = 1_000;

const NICE_STEPS = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800,
].map((s) => s * 1000);

/** The smallest round step (10s, 15m, 1h, ...) at least `ms` long. */
export function niceStep(ms: number): number {
  return NICE_STEPS.find((step) => step >= ms) ?? Math.ceil(ms / DAY) * DAY;
}

export interface HistoryRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

/**
 * from/to/step of a history query with their defaults (the last 24 h, about 120 points); a range
 * that is empty, reversed or longer than the retention is a 400, and the number of points is capped.
 */
export function resolveHistoryRange(query: HistoryQuery, nowMs: number): HistoryRange {
  const toMs = query.to ? Date.parse(query.to) : nowMs;
  const fromMs = query.from ? Date.parse(query.from) : toMs - DEFAULT_RANGE_MS;
  if (fromMs >= toMs) {
    throw badRequest('from must be before to', [
      { path: query.from ? 'query.from' : 'query.to', message: 'must be before to' },
    ]);
  }
  if (toMs - fromMs > MAX_RANGE_MS) {
    throw badRequest('The range is longer than 400 days', [
      { path: 'query.from', message: 'at most 400 days before to' },
    ]);
  }
  let stepMs: number;
  if (query.step !== undefined) {
    const parsed = parseDuration(query.step);
    if (parsed === undefined || parsed < MIN_STEP_MS) {
      throw badRequest(`step must be a duration of at least 1s, such as 1m or 1h`, [
        { path: 'query.step', message: 'a duration of at least 1s, such as 1m or 1h' },
      ]);
    }
    stepMs = parsed;
  } else {
    stepMs = niceStep((toMs - fromMs) / TARGET_POINTS);
  }
  if ((toMs - fromMs) / stepMs > MAX_POINTS) stepMs = niceStep((toMs - fromMs) / MAX_POINTS);
  return { fromMs, toMs, stepMs };
}
