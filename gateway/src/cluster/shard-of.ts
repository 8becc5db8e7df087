import { hash32 } from '../scheduler/phase.js';

/**
 * The shard a check belongs to: a stable hash of its service id, so every check of one service is
 * probed by the same gateway — the service's status, its incidents and its alert episode then
 * have one writer, not one per check. (FNV-1a; the same on every gateway and every run.)
 */
export function shardOf(serviceId: string, shards: number): number {
  return hash32(serviceId) % shards;
}

/** Each config's services by shard, made once per config (its `services` array). */
const indexes = new WeakMap<readonly { id: string }[], { shards: number; byShard: string[][] }>();

/**
 * The ids of `services` in each of `shards`: what a lease change moved, found without hashing
 * every service of the config (30,000 in the cluster bench) on each change.
 */
export function servicesInShards(
  services: readonly { id: string }[],
  shards: number,
  wanted: readonly number[],
): string[] {
  let index = indexes.get(services);
  if (index?.shards !== shards) {
    const byShard: string[][] = Array.from({ length: shards }, () => []);
    for (const { id } of services) byShard[shardOf(id, shards)]!.push(id);
    indexes.set(services, (index = { shards, byShard }));
  }
  const ids: string[] = [];
  for (const shard of wanted) for (const id of index.byShard[shard] ?? []) ids.push(id);
  return ids;
}
