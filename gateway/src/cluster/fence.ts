/**
 * Fencing: a result is written with the (shard, epoch) of the lease under which it was probed,
 * and the database keeps it only while that epoch is still the shard's current one. A gateway
 * paused past its lease (SIGSTOP, a long GC, a partition) comes back holding an old epoch: its
 * late writes are refused and counted, never mixed with the new owner's.
 */
export interface ShardFence {
  /** The shard and epoch a result of this service is written under; undefined when not held. */
  fenceOf(serviceId: string): { shard: number; epoch: number } | undefined;
  /** This gateway's member id (the owner column of the leases it holds). */
  readonly owner: string;
}

/**
 * The condition a fenced write adds for a source row aliased `alias` with `shard` and `epoch`
 * columns, e.g. `INSERT INTO results (…) SELECT … FROM unnest(…) AS v(…, shard, epoch)
 * WHERE ${currentEpoch('v')}`. The row is kept only if its epoch is the shard's current one.
 */
export function currentEpoch(alias: string): string {
  return `EXISTS (SELECT 1 FROM shard_leases fence WHERE fence.shard = ${alias}.shard AND fence.epoch = ${alias}.epoch)`;
}

/**
 * SQL that counts a batch's refused rows per (shard, epoch) in one statement: `$1` shards, `$2` owner (the writing gateway), `$3` epochs, `$4` how many each. The pairs of
 * one call must be distinct (one row may not be updated twice in a statement). Run in the batch's
 * transaction, so a batch that is rolled back and retried is counted once.
 */
export const COUNT_REFUSED_SQL = `INSERT INTO fenced_writes (shard, owner, epoch, refused)
  SELECT shard, $2::text, epoch, refused FROM unnest($1::int[], $3::bigint[], $4::bigint[])
    AS r(shard, epoch, refused)
  ON CONFLICT (shard, owner, epoch) DO UPDATE SET refused = fenced_writes.refused + EXCLUDED.refused`;
