import { DAY_MS, weightedQuantile } from './history-points.js';
import { mergeRollup, type RollupRow } from './rollup-builder.js';

/**
 * Day rollups are folded from a day's closed hour rollups once its last hour is written, not
 * accumulated from results: the hour rows are already durable, so a restart in the middle of a
 * day loses nothing (raw results, kept for hours, could not rebuild a day). Counts and the worst
 * status add up exactly; p50/p95/p99 are the count-weighted nearest-rank quantiles of the hours'
 * own values — the same approximation a history at a 1-day step over hour rollups reports.
 */
export function foldIntoDays(hours: Iterable<RollupRow>): RollupRow[] {
  // the same hour twice (stored, and a late part of it in this batch) is merged first
  const byHour = new Map<string, RollupRow>();
  for (const row of hours) {
    const key = `${row.checkKey}:${row.bucket}`;
    const seen = byHour.get(key);
    byHour.set(key, seen ? mergeRollup(seen, row) : row);
  }
  const byDay = new Map<string, RollupRow[]>();
  for (const row of byHour.values()) {
    const day = row.bucket - (((row.bucket % DAY_MS) + DAY_MS) % DAY_MS);
    const key = `${row.checkKey}:${day}`;
    const group = byDay.get(key);
    if (group) group.push(row);
    else byDay.set(key, [row]);
  }
  const days: RollupRow[] = [];
  for (const group of byDay.values()) {
    const first = group[0]!;
    const day = first.bucket - (((first.bucket % DAY_MS) + DAY_MS) % DAY_MS);
    let count = 0;
    let failures = 0;
    let worst = 0;
    for (const r of group) {
      count += r.count;
      failures += r.failures;
      worst = Math.max(worst, r.worst);
    }
    if (count === 0) continue;
    days.push({
      checkKey: first.checkKey,
      bucket: day,
      count,
      failures,
      worst,
      p50: weightedQuantile(group, 'p50', 0.5),
      p95: weightedQuantile(group, 'p95', 0.95),
      p99: weightedQuantile(group, 'p99', 0.99),
    });
  }
  return days;
}
