import { hash32 } from '../scheduler/phase.js';

/**
 * The shard a check belongs to: a stable hash of its service id, so every check of one service is
 * probed by the same gateway — the service's status, its incidents and its alert episode then
 * have one writer, not one per check. (FNV-1a; the same on every gateway and every run.)
 */
export function shardOf(serviceId: string, shards: number): number {
  return hash32(serviceId) % shards;
}
