import { z } from 'zod';
import { DurationString, IsoDate } from './common.js';

/** Which services a window covers: every key given must fit (AND), any value within a key (OR). */
export const MaintenanceMatch = z.strictObject({
  services: z.array(z.string().min(1)).min(1).optional(),
  groups: z.array(z.string().min(1)).min(1).optional(),
  tags: z.array(z.string().min(1)).min(1).optional(),
});
export type MaintenanceMatch = z.infer<typeof MaintenanceMatch>;

/**
 * POST /api/maintenance (PRODUCT.md "Maintenance windows"): starts now unless `startsAt`, ends at
 * `endsAt` or after `duration` ("15m"); at most `maintenance.maxDuration` (422 past it).
 */
export const MaintenanceRequest = z.strictObject({
  match: MaintenanceMatch.refine(
    (m) => m.services !== undefined || m.groups !== undefined || m.tags !== undefined,
    { message: 'name services, groups or tags: a window never covers everything by accident' },
  ),
  startsAt: IsoDate.optional(),
  endsAt: IsoDate.optional(),
  duration: DurationString.optional(),
  reason: z.string().min(1).max(2000),
});
export type MaintenanceRequest = z.infer<typeof MaintenanceRequest>;

export const MaintenanceState = z.enum(['active', 'scheduled', 'ended']);
export type MaintenanceState = z.infer<typeof MaintenanceState>;

export const MaintenanceWindow = z.object({
  id: z.string(),
  match: MaintenanceMatch,
  startsAt: IsoDate,
  endsAt: IsoDate,
  reason: z.string(),
  createdBy: z.string(),
  /** Who ended it early (DELETE); `endsAt` then says when. */
  endedBy: z.string().optional(),
  state: MaintenanceState,
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const MaintenanceList = z.array(MaintenanceWindow);
export type MaintenanceList = z.infer<typeof MaintenanceList>;

/** GET /api/maintenance: `state` may list several (active,scheduled). */
export const MaintenanceListQuery = z.strictObject({
  state: z
    .string()
    .transform((value) => value.split(',').filter((s) => s !== ''))
    .pipe(z.array(MaintenanceState))
    .optional(),
});
export type MaintenanceListQuery = z.input<typeof MaintenanceListQuery>;
