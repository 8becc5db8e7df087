import type pg from 'pg';
import { COUNT_REFUSED_SQL } from '../../cluster/fence.js';

/**
 * What a fenced statement refused, one row per (shard, epoch) (REFUSED in pg-result-schema.ts):
 * the rows of a gateway that wrote under a lease another gateway has since taken over.
 */
export interface RefusedGroup {
  shard: number;
  epoch: number;
  refused: number;
}

/** Adds a statement's refused groups to the batch's, one entry per (shard, epoch). */
export function addRefused(into: Map<string, RefusedGroup>, rows: readonly RefusedGroup[]): void {
  for (const row of rows) {
    const key = `${row.shard}:${row.epoch}`;
    const seen = into.get(key);
    if (seen) seen.refused += row.refused;
    else into.set(key, { ...row });
  }
}

/**
 * Records a batch's refused groups in fenced_writes under `owner`, inside the batch's transaction
 * (a batch rolled back and retried is counted once): one statement, and none when nothing was
 * refused. Resolves to how many rows were refused.
 */
export async function countRefused(
  client: pg.PoolClient,
  owner: string | null,
  groups: readonly RefusedGroup[],
): Promise<number> {
  if (groups.length === 0) return 0;
  // rows are refused only when fenced, and a fence always names its owner
  if (owner !== null)
    await client.query(COUNT_REFUSED_SQL, [
      groups.map((g) => g.shard),
      owner,
      groups.map((g) => g.epoch),
      groups.map((g) => g.refused),
    ]);
  return groups.reduce((sum, g) => sum + g.refused, 0);
}
