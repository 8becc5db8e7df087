import type { BurnRates, Slo, Status } from '@aether/contract';
import { parseDuration } from '../../lib/parse-duration';

/** How an error budget stands, worst first; the fleet page sorts and colours by it. */
export type BudgetHealth = 'spent' | 'paging' | 'at-risk' | 'ok' | 'no-data';

export const HEALTH_LABEL: Record<BudgetHealth, string> = {
  spent: 'Budget spent',
  paging: 'Burning fast',
  'at-risk': 'At risk',
  ok: 'Within budget',
  'no-data': 'No data',
};

/** The status colour and icon each health reads with (never colour alone: the label goes along). */
export const HEALTH_STATUS: Record<BudgetHealth, Status> = {
  spent: 'down',
  paging: 'down',
  'at-risk': 'degraded',
  ok: 'up',
  'no-data': 'unknown',
};

/** Below this share of budget left an SLO is at risk even while nothing burns fast. */
export const LOW_BUDGET = 0.25;

export function budgetHealth(slo: Slo): BudgetHealth {
  if (slo.total === 0 || slo.sli === null) return 'no-data';
  if (slo.errorBudget.remainingRatio <= 0) return 'spent';
  if (slo.alerts.some((a) => a.severity === 'page')) return 'paging';
  if (slo.alerts.length > 0 || slo.errorBudget.remainingRatio < LOW_BUDGET) return 'at-risk';
  return 'ok';
}

/**
 * The budget as time: the window × (1 − objective) of total failure it allows, and what is left
 * of that. The SLI counts results, not minutes, so this is the usual reading of it, not a clock.
 */
export function budgetTime(slo: Pick<Slo, 'objective' | 'window' | 'errorBudget'>): {
  allowedMs: number;
  leftMs: number;
} {
  const allowedMs = parseDuration(slo.window) * (1 - slo.objective / 100);
  return { allowedMs, leftMs: allowedMs * slo.errorBudget.remainingRatio };
}

/**
 * When the budget left is gone at a burn rate (1 spends a whole budget in one window): null when
 * nothing burns, the rate is unknown, or nothing is left to spend.
 */
export function exhaustionInMs(
  slo: Pick<Slo, 'window' | 'errorBudget'>,
  rate: number | null,
): number | null {
  if (rate === null || rate <= 0 || slo.errorBudget.remainingRatio <= 0) return null;
  return (slo.errorBudget.remainingRatio * parseDuration(slo.window)) / rate;
}

export const BURN_WINDOWS = [
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
] as const satisfies readonly (keyof BurnRates)[];

/** 0.42 → "0.4×", 16 → "16×"; null → "—". */
export function formatBurnRate(rate: number | null): string {
  if (rate === null) return '—';
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate)}×`;
}

/** Budget left as a percentage; an overspent budget goes below zero ("−15.8 %"). */
export function formatBudget(ratio: number): string {
  const pct = Math.round(ratio * 1000) / 10;
  return `${pct < 0 ? '−' : ''}${Math.abs(pct)} %`;
}

/**
 * Budget left as a reader takes it in at a glance: the percentage while some is left; once it is
 * gone, "Exhausted · 222× used" (how many budgets went), since the percentage then says little —
 * one bad minute of a 99.9 % SLO over 1 h is "−22122.2 %". `exact` keeps the percentage for a
 * title or a note.
 */
export function budgetLeftWords(ratio: number): { text: string; exact: string } {
  const exact = formatBudget(ratio);
  return { text: ratio > 0 ? exact : `Exhausted · ${formatBurnRate(1 - ratio)} used`, exact };
}

/** Least budget left first; SLOs without data last; then by service id, so the order is stable. */
export function byBudgetLeft(a: Slo, b: Slo): number {
  const noData = Number(budgetHealth(a) === 'no-data') - Number(budgetHealth(b) === 'no-data');
  return (
    noData ||
    a.errorBudget.remainingRatio - b.errorBudget.remainingRatio ||
    a.serviceId.localeCompare(b.serviceId)
  );
}
