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

/** A stretch inside the range with data on both sides but none in it: nothing was probed. */
export interface MonitoringGap {
  from: string;
  /** The start of the first step with data again. */
  to: string;
}

/**
 * The gaps in monitoring inside a range (PRODUCT.md "Gaps are data": the gateway was stopped, or
 * the check was not configured): runs of at least `minSteps` steps without results, with data
 * before and after. They stay gaps in the chart (unknown), never drawn as the state around them.
 */
export function monitoringGaps(points: readonly HistoryPoint[], minSteps = 2): MonitoringGap[] {
  const gaps: MonitoringGap[] = [];
  let emptyFrom = -1;
  let seenData = false;
  points.forEach((point, i) => {
    if (point.count === 0) {
      if (seenData && emptyFrom < 0) emptyFrom = i;
      return;
    }
    if (emptyFrom >= 0 && i - emptyFrom >= minSteps)
      gaps.push({ from: points[emptyFrom]!.t, to: point.t });
    emptyFrom = -1;
    seenData = true;
  });
  return gaps;
}
