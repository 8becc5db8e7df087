import type { DeployCheckComparison, DeployWindow } from '@aether/contract';

/** Which way a figure moved, for people: worse, better or about the same. */
export type Trend = 'worse' | 'better' | 'same';

export interface FigureDelta {
  before: string;
  after: string;
  trend: Trend;
}

export interface ConditionDelta {
  condition: string;
  before: 'ok' | 'failing';
  after: 'ok' | 'failing';
}

/** A comparison row as the deploy page shows it: both sides of each figure and which way it went. */
export interface ComparisonRow {
  key: string;
  serviceId: string;
  checkId: string;
  passRate: FigureDelta;
  p50: FigureDelta;
  p95: FigureDelta;
  /** Every condition failing on either side, started-failing first, then still failing, then fixed. */
  conditions: ConditionDelta[];
  verdict: DeployCheckComparison['verdict'];
  comparable: boolean;
  reasons: string[];
}

const pct = (w: DeployWindow) => (w.total > 0 ? w.good / w.total : null);

function formatPct(ratio: number | null): string {
  if (ratio === null) return '—';
  const p = ratio * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 10 ? `${Math.round(ms * 10) / 10}` : `${Math.round(ms)}`;
}

/**
 * The gateway's own thresholds (README "Deploys, before and after"), so a figure is marked worse
 * exactly when it counts towards a worse verdict: latency when it grows by both 50 % and 20 ms
 * (3 → 41 ms is news, 3 → 8 ms is jitter), the pass rate when it drops by more than 1 point.
 */
export function latencyTrend(before: number | null, after: number | null): Trend {
  if (before === null || after === null) return 'same';
  const change = after - before;
  if (Math.abs(change) < 20 || Math.abs(change) < before * 0.5) return 'same';
  return change > 0 ? 'worse' : 'better';
}

export function passRateTrend(before: number | null, after: number | null): Trend {
  if (before === null || after === null || Math.abs(after - before) <= 0.01) return 'same';
  return after < before ? 'worse' : 'better';
}

const ORDER: Record<string, number> = { 'ok→failing': 0, 'failing→failing': 1, 'failing→ok': 2 };

export function conditionDeltas(before: DeployWindow, after: DeployWindow): ConditionDelta[] {
  const was = new Set(before.failing);
  const is = new Set(after.failing);
  return [...new Set([...before.failing, ...after.failing])]
    .map((condition): ConditionDelta => ({
      condition,
      before: was.has(condition) ? 'failing' : 'ok',
      after: is.has(condition) ? 'failing' : 'ok',
    }))
    .sort(
      (a, b) =>
        ORDER[`${a.before}→${a.after}`]! - ORDER[`${b.before}→${b.after}`]! ||
        a.condition.localeCompare(b.condition),
    );
}

export function comparisonRow(check: DeployCheckComparison): ComparisonRow {
  const { before, after } = check;
  return {
    key: `${check.serviceId}/${check.checkId}`,
    serviceId: check.serviceId,
    checkId: check.checkId,
    passRate: {
      before: formatPct(pct(before)),
      after: formatPct(pct(after)),
      trend: passRateTrend(pct(before), pct(after)),
    },
    p50: {
      before: formatMs(before.p50),
      after: formatMs(after.p50),
      trend: latencyTrend(before.p50, after.p50),
    },
    p95: {
      before: formatMs(before.p95),
      after: formatMs(after.p95),
      trend: latencyTrend(before.p95, after.p95),
    },
    conditions: conditionDeltas(before, after),
    verdict: check.verdict,
    comparable: check.comparable,
    reasons: check.reasons,
  };
}

const sameDelta = (a: FigureDelta, b: FigureDelta) =>
  a.before === b.before && a.after === b.after && a.trend === b.trend;

/**
 * Whether two rows show the same thing: the page reads the comparison again every few seconds
 * while results come, and a row whose figures did not move must not be drawn again.
 */
export function sameRow(a: ComparisonRow, b: ComparisonRow): boolean {
  return (
    a === b ||
    (a.key === b.key &&
      a.verdict === b.verdict &&
      a.comparable === b.comparable &&
      sameDelta(a.passRate, b.passRate) &&
      sameDelta(a.p50, b.p50) &&
      sameDelta(a.p95, b.p95) &&
      a.conditions.length === b.conditions.length &&
      a.conditions.every((c, i) => {
        const d = b.conditions[i]!;
        return c.condition === d.condition && c.before === d.before && c.after === d.after;
      }) &&
      a.reasons.length === b.reasons.length &&
      a.reasons.every((r, i) => r === b.reasons[i]))
  );
}

/** Worse rows first, so the page opens on what the deploy broke. */
export function comparisonRows(checks: readonly DeployCheckComparison[]): ComparisonRow[] {
  const rank = { worse: 0, better: 1, same: 2 } as const;
  return checks
    .map(comparisonRow)
    .sort((a, b) => rank[a.verdict] - rank[b.verdict] || a.key.localeCompare(b.key));
}
