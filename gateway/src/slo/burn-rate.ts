/**
 * Error budgets and multiwindow burn-rate alerts, as in the SRE workbook ("Alerting on SLOs",
 * approach 6). Pure: counts in, numbers and alerts out.
 */

export const BURN_WINDOWS = {
  '5m': 5 * 60_000,
  '30m': 30 * 60_000,
  '1h': 3_600_000,
  '2h': 2 * 3_600_000,
  '6h': 6 * 3_600_000,
  '1d': 86_400_000,
  '3d': 3 * 86_400_000,
} as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;
export type BurnRates = Record<BurnWindow, number | null>;

export interface Counts {
  good: number;
  total: number;
}

const THIRTY_DAYS = 30 * 86_400_000;

/**
 * The workbook's pairs for a 30-day SLO. Each factor is (share of the budget spent in the long
 * window) × (SLO window / long window): 2 % in 1 h → 0.02 × 720 = 14.4; 5 % in 6 h → 6;
 * 10 % in 1 d → 3; 10 % in 3 d → 1. The short window (1/12 of the long one) makes the alert
 * resolve soon after the burn stops.
 */
export const BURN_RATE_RULES = [
  { severity: 'page', long: '1h', short: '5m', factor30d: 14.4 },
  { severity: 'page', long: '6h', short: '30m', factor30d: 6 },
  { severity: 'ticket', long: '1d', short: '2h', factor30d: 3 },
  { severity: 'ticket', long: '3d', short: '6h', factor30d: 1 },
] as const satisfies readonly {
  severity: 'page' | 'ticket';
  long: BurnWindow;
  short: BurnWindow;
  factor30d: number;
}[];

/**
 * The factor for an SLO window other than 30 days, keeping the same share of the budget:
 * factor(W) = factor30d × W / 30d (a 7-day SLO pages at 14.4 × 7/30 = 3.36 over 1 h).
 * Never below 1: a burn under 1 still meets the objective by the window's end, so it is no
 * alert. A rule whose long window is longer than the SLO window is left out (null): it would
 * average over more than the budget covers.
 */
export function scaledFactor(factor30d: number, longMs: number, windowMs: number): number | null {
  if (longMs > windowMs) return null;
  return Math.max(1, (factor30d * windowMs) / THIRTY_DAYS);
}

/** The budget: bad results the objective allows in the window, those used, and the share left. */
export function errorBudget(
  objectivePercent: number,
  counts: Counts,
): { allowedBad: number; usedBad: number; remainingRatio: number } {
  const allowedBad = (1 - objectivePercent / 100) * counts.total;
  const usedBad = counts.total - counts.good;
  // no results yet: the whole budget is left
  const remainingRatio = counts.total === 0 ? 1 : (allowedBad - usedBad) / allowedBad;
  return { allowedBad, usedBad, remainingRatio };
}

/** How fast the budget burns: the bad ratio over the budget's ratio (1 = spent exactly by the window's end). */
export function burnRate(objectivePercent: number, counts: Counts): number | null {
  if (counts.total === 0) return null;
  return (counts.total - counts.good) / counts.total / (1 - objectivePercent / 100);
}

export interface BurnRateAlert {
  severity: 'page' | 'ticket';
  /** The rule that fired, e.g. "1h/5m". */
  windows: `${BurnWindow}/${BurnWindow}`;
  factor: number;
  burnRates: { long: number; short: number };
}

/**
 * The rules that fire now: burn ≥ factor over both the long and the short window. Pages come
 * first; a page and a ticket may fire together (the dispatcher keeps one episode per severity).
 */
export function evaluateBurnRateAlerts(windowMs: number, rates: BurnRates): BurnRateAlert[] {
  const firing: BurnRateAlert[] = [];
  for (const rule of BURN_RATE_RULES) {
    const factor = scaledFactor(rule.factor30d, BURN_WINDOWS[rule.long], windowMs);
    const long = rates[rule.long];
    const short = rates[rule.short];
    if (factor === null || long === null || short === null) continue;
    if (long >= factor && short >= factor)
      firing.push({
        severity: rule.severity,
        windows: `${rule.long}/${rule.short}`,
        factor,
        burnRates: { long, short },
      });
  }
  return firing;
}
