import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const ReadyResponse = z.object({
  ready: z.boolean(),
  checks: z.object({ config: z.boolean(), storage: z.boolean(), scheduler: z.boolean() }),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
