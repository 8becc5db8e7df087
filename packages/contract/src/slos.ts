import { z } from 'zod';
import { DurationString, IsoDate } from './common.js';

/** PRODUCT.md "Dependencies and SLOs": GET /api/slos and GET /api/services/:id/slo. */

/** Burn rate per window: bad ratio ÷ the budget's ratio (1 = the budget lasts exactly the window); null without results. */
export const BurnRates = z.object({
  '5m': z.number().nullable(),
  '30m': z.number().nullable(),
  '1h': z.number().nullable(),
  '2h': z.number().nullable(),
  '6h': z.number().nullable(),
  '1d': z.number().nullable(),
  '3d': z.number().nullable(),
});
export type BurnRates = z.infer<typeof BurnRates>;

/** A multiwindow burn-rate rule firing now (page: 1h/5m, 6h/30m; ticket: 1d/2h, 3d/6h). */
export const SloBurnAlert = z.object({
  severity: z.enum(['page', 'ticket']),
  /** long/short window of the rule, e.g. "1h/5m". */
  windows: z.string(),
  /** The threshold both windows exceed, scaled for the SLO's window. */
  factor: z.number(),
  burnRates: z.object({ long: z.number(), short: z.number() }),
});
export type SloBurnAlert = z.infer<typeof SloBurnAlert>;

export const ErrorBudget = z.object({
  /** Bad results the objective allows among `total`. */
  allowedBad: z.number(),
  usedBad: z.number(),
  /** (allowed − used) ÷ allowed: 1 untouched, 0 spent, below 0 overspent. */
  remainingRatio: z.number(),
});
export type ErrorBudget = z.infer<typeof ErrorBudget>;

/** One service's SLO now. */
export const Slo = z.object({
  serviceId: z.string(),
  /** Percent, e.g. 99.9. */
  objective: z.number(),
  /** The SLO window, e.g. "30d". */
  window: DurationString,
  /** good ÷ total over the window (maintenance left out); null without results. */
  sli: z.number().nullable(),
  good: z.number().int(),
  total: z.number().int(),
  errorBudget: ErrorBudget,
  burnRates: BurnRates,
  alerts: z.array(SloBurnAlert),
});
export type Slo = z.infer<typeof Slo>;

export const SloList = z.array(Slo);
export type SloList = z.infer<typeof SloList>;

/** GET /api/services/:id/slo: from/to default to the last SLO window. */
export const SloBudgetQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type SloBudgetQuery = z.input<typeof SloBudgetQuery>;

/** The budget's remaining ratio at each step: over the SLO window that ends at `t`. */
export const SloBudgetPoint = z.object({
  t: IsoDate,
  remainingRatio: z.number().nullable(),
  sli: z.number().nullable(),
});

export const SloBudgetSeries = z.object({
  serviceId: z.string(),
  objective: z.number(),
  window: DurationString,
  from: IsoDate,
  to: IsoDate,
  stepMs: z.number().int().positive(),
  points: z.array(SloBudgetPoint),
  /** The service's SLO now: the same object as its entry in GET /api/slos. */
  current: Slo,
});
export type SloBudgetSeries = z.infer<typeof SloBudgetSeries>;
