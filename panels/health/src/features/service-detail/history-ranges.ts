import { parseDuration } from './parse-duration';

export const HISTORY_RANGES = ['1h', '24h', '7d', '30d', '1y'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

/**
 * Steps that give 60–125 points per range: enough for a smooth line and honest percentiles, few
 * enough that the gateway's rollups answer quickly.
 */
export const RANGE_STEP: Record<HistoryRange, string> = {
  '1h': '1m',
  '24h': '15m',
  '7d': '2h',
  '30d': '6h',
  '1y': '3d',
};
const RANGE_MS: Record<HistoryRange, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '1y': 365 * 86_400_000,
};

export const DEFAULT_RANGE: HistoryRange = '24h';

export function parseRange(value: string | null): HistoryRange {
  return (HISTORY_RANGES as readonly string[]).includes(value ?? '')
    ? (value as HistoryRange)
    : DEFAULT_RANGE;
}

/** The window for a range ending now, aligned to its step so repeated asks hit the same buckets. */
export function rangeWindow(
  range: HistoryRange,
  now: number,
): { from: number; to: number; step: string } {
  const step = RANGE_STEP[range];
  const stepMs = parseDuration(step);
  const to = Math.ceil(now / stepMs) * stepMs;
  return { from: to - RANGE_MS[range], to, step };
}
