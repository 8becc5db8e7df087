/**
 * Fencing: a result is written with the (shard, epoch) of the lease under which it was probed,
 * and the database refuses it once a newer epoch of that shard exists (the rule is FENCE in
 * store/postgres/pg-result-schema.ts, judged once per row). A gateway paused past its lease
 * (SIGSTOP, a long GC, a partition) comes back holding an old epoch: its late writes are refused
 * and counted here, never mixed with the new owner's.
 */
/**
 * SQL that counts a batch's refused rows per (shard, epoch) in one statement: `$1` shards, `$2` owner (the writing gateway), `$3` epochs, `$4` how many each. The pairs of
 * one call must be distinct (one row may not be updated twice in a statement). Run in the batch's
 * transaction, so a batch that is rolled back and retried is counted once.
 */
export const COUNT_REFUSED_SQL = `INSERT INTO fenced_writes (shard, owner, epoch, refused)
  SELECT shard, $2::text, epoch, refused FROM unnest($1::int[], $3::bigint[], $4::bigint[])
    AS r(shard, epoch, refused)
  ON CONFLICT (shard, owner, epoch) DO UPDATE SET refused = fenced_writes.refused + EXCLUDED.refused`;
