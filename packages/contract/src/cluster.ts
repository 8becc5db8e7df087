import { z } from 'zod';

/** PRODUCT.md "Several gateways on Postgres": GET /api/cluster. */
export const ClusterMember = z.object({
  /** The gateway's id: host-pid-random, or the one set in its config. */
  id: z.string(),
  host: z.string(),
  startedAt: z.string().datetime(),
  /** Its last heartbeat; a member silent for longer than the lease TTL holds no shards. */
  lastSeen: z.string().datetime(),
  /** Shard leases it holds now. */
  shards: z.number().int().nonnegative(),
  /** Checks it probes now. */
  checks: z.number().int().nonnegative(),
  /** Hash of the config it runs: members of one cluster should all show the same. */
  configHash: z.string(),
});
export type ClusterMember = z.infer<typeof ClusterMember>;

export const ClusterInfo = z.object({
  /** The id of the gateway that answered. */
  self: z.string(),
  members: z.array(ClusterMember),
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;
