import type { HistoryPoint } from '@aether/contract';

/** Leading steps without data that still read as "the range starts here", not as missing history. */
const TOLERATED_EMPTY_STEPS = 1;

/**
 * When a range reaches back further than the data does — a check newer than the range, or history
 * the gateway no longer keeps (the default retention keeps hour rollups for 60 days, so "1y"
 * starts mostly empty) — the time of the first point with data; otherwise null. Said beside the
 * chart so an empty left half is not mistaken for an outage or a bug.
 */
export function firstDataAt(points: readonly HistoryPoint[]): string | null {
  const first = points.findIndex((point) => point.count > 0);
  return first > TOLERATED_EMPTY_STEPS ? points[first]!.t : null;
}
