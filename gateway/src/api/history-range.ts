import { parseDuration, type HistoryQuery } from '@aether/contract';
import { historyStep } from '../monitor/history-step.js';
import { badRequest } from './errors.js';

const DAY = 86_400_000;
export const DEFAULT_RANGE_MS = DAY;
export const MAX_RANGE_MS = 400 * DAY;
export const MIN_STEP_MS = 1_000;

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
  let askedMs: number | undefined;
  if (query.step !== undefined) {
    askedMs = parseDuration(query.step);
    if (askedMs === undefined || askedMs < MIN_STEP_MS) {
      throw badRequest(`step must be a duration of at least 1s, such as 1m or 1h`, [
        { path: 'query.step', message: 'a duration of at least 1s, such as 1m or 1h' },
      ]);
    }
  }
  // the monitor's rule, so the API and the monitor agree on the step and the point limit
  const stepMs = historyStep(toMs - fromMs, askedMs);
  return { fromMs, toMs, stepMs };
}
