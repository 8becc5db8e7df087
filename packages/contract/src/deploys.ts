import { z } from 'zod';
import { IsoDate } from './common.js';

/** How a deploy ended, as the deploying script or person says (PRODUCT.md "Deploys as first-class events"). */
export const DeployOutcome = z.enum(['succeeded', 'failed', 'rolled-back']);
export type DeployOutcome = z.infer<typeof DeployOutcome>;

/** POST /api/deploys */
export const DeployRequest = z.strictObject({
  // deploy.sh records a whole-stack deploy with every service of the config
  services: z.array(z.string().min(1)).min(1).max(10_000),
  version: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
});
export type DeployRequest = z.infer<typeof DeployRequest>;

/** POST /api/deploys/:id/finish */
export const DeployFinishRequest = z.strictObject({ outcome: DeployOutcome });
export type DeployFinishRequest = z.infer<typeof DeployFinishRequest>;

/** A recorded deploy; `finishedAt`, `finishedBy` and `outcome` stay null until it is finished. */
export const Deploy = z.object({
  id: z.string(),
  services: z.array(z.string()),
  version: z.string(),
  description: z.string().nullable(),
  /** Who started it: the token's name, or the session's. */
  by: z.string(),
  startedAt: IsoDate,
  finishedAt: IsoDate.nullable(),
  finishedBy: z.string().nullable(),
  outcome: DeployOutcome.nullable(),
});
export type Deploy = z.infer<typeof Deploy>;

export const DeployList = z.array(Deploy);
export type DeployList = z.infer<typeof DeployList>;

/** GET /api/deploys: newest first, optionally only those touching one service. */
export const DeployListQuery = z.strictObject({
  service: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export type DeployListQuery = z.input<typeof DeployListQuery>;

/**
 * One side of a comparison: a check's results in [from, to). `failing` names each condition that
 * failed at least once in the window (its `condition` text, e.g. "json $.status"), and each probe
 * error as "error <kind>" (e.g. "error timeout"). p50/p95 in ms, null without results.
 */
export const DeployWindow = z.object({
  from: IsoDate,
  to: IsoDate,
  total: z.number().int().nonnegative(),
  good: z.number().int().nonnegative(),
  p50: z.number().nonnegative().nullable(),
  p95: z.number().nonnegative().nullable(),
  failing: z.array(z.string()),
});
export type DeployWindow = z.infer<typeof DeployWindow>;

export const DeployVerdict = z.enum(['better', 'same', 'worse']);
export type DeployVerdict = z.infer<typeof DeployVerdict>;

/**
 * Before vs after for one check. `reasons` says why the verdict is what it is, in words
 * ("success 100% → 80%", "json $.status started failing", "no results since the deploy"):
 * a side without results gives "same" with such a reason and `comparable: false`.
 */
export const DeployCheckComparison = z.object({
  serviceId: z.string(),
  checkId: z.string(),
  before: DeployWindow,
  after: DeployWindow,
  verdict: DeployVerdict,
  comparable: z.boolean(),
  reasons: z.array(z.string()),
});
export type DeployCheckComparison = z.infer<typeof DeployCheckComparison>;

/** GET /api/deploys/:id/comparison: the overall verdict is the worst of the checks' (worse > better > same). */
export const DeployComparison = z.object({
  deploy: Deploy,
  verdict: DeployVerdict,
  checks: z.array(DeployCheckComparison),
});
export type DeployComparison = z.infer<typeof DeployComparison>;

/** A deploy as a history answer marks it on a chart: when it started, and how it ended (null while running). */
export const HistoryDeploy = z.object({
  id: z.string(),
  at: IsoDate,
  version: z.string(),
  outcome: DeployOutcome.nullable(),
});
export type HistoryDeploy = z.infer<typeof HistoryDeploy>;
