import type { HistoryPoint } from '@aether/contract';
import { exactQuantile } from './latency-sketch.js';
import type { RollupRow } from './rollup-builder.js';
import { statusOfCode } from './status-code.js';
import type { StoreRetention } from './types.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type Resolution = 'raw' | 'minute' | 'hour' | 'day';

/** One stored raw result, reduced to what history and rollups need. */
export interface RawRow {
  checkKey: number;
  ts: number;
  code: number;
  success: boolean;
  latencyMs: number;
}

/**
 * The finest resolution that is both no finer than the step needs and still retained at
 * `fromMs`: raw for sub-minute steps over the raw window, minute rollups up to hourly
 * steps over their window, hour rollups up to daily steps over theirs, day rollups for
 * steps of a day or more and for ranges reaching past the hour rollups.
 */
export function pickResolution(
  stepMs: number,
  fromMs: number,
  nowMs: number,
  retention: StoreRetention,
): Resolution {
  if (stepMs < MINUTE_MS && fromMs >= nowMs - retention.rawMs) return 'raw';
  if (stepMs < HOUR_MS && fromMs >= nowMs - retention.minuteMs) return 'minute';
  if (stepMs < DAY_MS && fromMs >= nowMs - retention.hourMs) return 'hour';
  return 'day';
}

/** Step starts aligned down to the step, so hourly steps line up with hour rollups. */
function frame(fromMs: number, toMs: number, stepMs: number): { start: number; length: number } {
  const start = fromMs - (((fromMs % stepMs) + stepMs) % stepMs);
  return { start, length: Math.max(0, Math.ceil((toMs - start) / stepMs)) };
}

/**
 * ISO strings of step starts, kept: a year at 1 d is 366 `toISOString` calls per answer, and
 * charts ask the same aligned instants again and again. Cleared whole when full.
 */
const isoTimes = new Map<number, string>();
const MAX_ISO_TIMES = 100_000;
export function isoTime(t: number): string {
  let iso = isoTimes.get(t);
  if (iso === undefined) {
    if (isoTimes.size >= MAX_ISO_TIMES) isoTimes.clear();
    isoTimes.set(t, (iso = new Date(t).toISOString()));
  }
  return iso;
}

function emptyPoint(t: number): HistoryPoint {
  return {
    t: isoTime(t),
    count: 0,
    failures: 0,
    successRatio: null,
    p50: null,
    p95: null,
    p99: null,
    status: 'unknown',
  };
}

function finish(point: HistoryPoint, worst: number): HistoryPoint {
  if (point.count === 0) return point;
  return {
    ...point,
    successRatio: (point.count - point.failures) / point.count,
    status: statusOfCode(worst),
  };
}

/** Points from raw results: exact nearest-rank quantiles of each step's latencies. */
export function pointsFromRaw(
  rows: Iterable<RawRow>,
  fromMs: number,
  toMs: number,
  stepMs: number,
): HistoryPoint[] {
  const { start, length } = frame(fromMs, toMs, stepMs);
  const latencies: number[][] = Array.from({ length }, () => []);
  const counts = new Array<number>(length).fill(0);
  const failures = new Array<number>(length).fill(0);
  const worst = new Array<number>(length).fill(0);
  for (const row of rows) {
    const i = Math.floor((row.ts - start) / stepMs);
    if (i < 0 || i >= length || row.ts < fromMs || row.ts >= toMs) continue;
    counts[i]!++;
    if (!row.success) failures[i]!++;
    worst[i] = Math.max(worst[i]!, row.code);
    latencies[i]!.push(row.latencyMs);
  }
  return Array.from({ length }, (_, i) => {
    const sorted = latencies[i]!.sort((a, b) => a - b);
    const point = { ...emptyPoint(start + i * stepMs), count: counts[i]!, failures: failures[i]! };
    if (point.count > 0)
      Object.assign(point, {
        p50: exactQuantile(sorted, 0.5),
        p95: exactQuantile(sorted, 0.95),
        p99: exactQuantile(sorted, 0.99),
      });
    return finish(point, worst[i]!);
  });
}

/**
 * Points from rollup rows. A step holding one bucket reports that bucket's quantiles; a step
 * holding several (e.g. 5 min over minute rollups, or several checks) reports, for each of
 * p50/p95/p99, the count-weighted nearest-rank quantile of the buckets' own values — an
 * approximation, since the samples behind them are no longer kept.
 */
export function pointsFromRollups(
  rows: Iterable<RollupRow>,
  fromMs: number,
  toMs: number,
  stepMs: number,
): HistoryPoint[] {
  const { start, length } = frame(fromMs, toMs, stepMs);
  // a step usually holds one bucket (1 d steps over day rollups): its row alone, and an array
  // only for the steps holding several, so a year's answer allocates 366 points and little else
  const single: (RollupRow | undefined)[] = new Array<RollupRow | undefined>(length);
  const several = new Map<number, RollupRow[]>();
  for (const row of rows) {
    const i = Math.max(0, Math.floor((row.bucket - start) / stepMs));
    if (i >= length || row.count <= 0) continue;
    const first = single[i];
    if (first === undefined) single[i] = row;
    else {
      const group = several.get(i);
      if (group) group.push(row);
      else several.set(i, [first, row]);
    }
  }
  const points = new Array<HistoryPoint>(length);
  for (let i = 0; i < length; i++) {
    const row = single[i];
    const t = start + i * stepMs;
    if (row === undefined) {
      points[i] = emptyPoint(t);
      continue;
    }
    const group = several.get(i);
    let count = row.count;
    let failures = row.failures;
    let worst = row.worst;
    if (group)
      for (let k = 1; k < group.length; k++) {
        count += group[k]!.count;
        failures += group[k]!.failures;
        worst = Math.max(worst, group[k]!.worst);
      }
    points[i] = {
      t: isoTime(t),
      count,
      failures,
      successRatio: (count - failures) / count,
      p50: group ? weightedQuantile(group, 'p50', 0.5) : row.p50,
      p95: group ? weightedQuantile(group, 'p95', 0.95) : row.p95,
      p99: group ? weightedQuantile(group, 'p99', 0.99) : row.p99,
      status: statusOfCode(worst),
    };
  }
  return points;
}

export function weightedQuantile(
  rows: readonly RollupRow[],
  field: 'p50' | 'p95' | 'p99',
  q: number,
): number | null {
  // called 3 times per step (2,000+ times for a year at 12 h steps over hour rollups): one
  // sorted array of the rows themselves, no {v, w} object per row
  let known = 0;
  let only: number | null = null;
  for (const r of rows)
    if (r[field] !== null) {
      known++;
      only = r[field];
    }
  if (known <= 1) return only;
  const sorted = rows.filter((r) => r[field] !== null).sort((a, b) => a[field]! - b[field]!);
  let total = 0;
  for (const r of sorted) total += r.count;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const r of sorted) {
    seen += r.count;
    if (seen >= rank) return r[field];
  }
  return sorted[sorted.length - 1]![field];
}
