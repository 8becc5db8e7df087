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
  /**
   * False once its last heartbeat is older than the lease TTL (a killed or cut-off gateway):
   * its shards and checks then read 0, whatever it last reported. Members silent for more than
   * 10 × the lease TTL are no longer listed. Absent from older gateways: judge by lastSeen.
   */
  alive: z.boolean().optional(),
});
export type ClusterMember = z.infer<typeof ClusterMember>;

export const ClusterInfo = z.object({
  /** The id of the gateway that answered. */
  self: z.string(),
  members: z.array(ClusterMember),
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;
