import type { RootCause, Status } from '@aether/contract';
import type { DependencyGraph } from './dependency-graph.js';

/** What root cause needs to know of a service right now. */
export interface ServiceHealth {
  status: Status;
  /** In config order: the first down one is the failing check named in a root cause. */
  checks: readonly { id: string; status: Status }[];
}

/**
 * The root cause of a down service: the deepest down dependency reached through down
 * dependencies only, and its first down check; null when the service is not down or no
 * dependency of it is down.
 *
 * Why through down services only: a dependency that is up (or degraded — it still answers)
 * is serving its dependents, so whatever is down below it cannot be why they fail; a
 * degraded dependency is never a root cause for the same reason. "Deepest" is the longest
 * chain of down dependencies; between chains of one length the one listed first in
 * `dependsOn` wins, so the answer is stable. The graph is acyclic (config check refuses
 * cycles); a cycle that slipped through is cut, never looped on.
 */
export function rootCauseOf(
  graph: DependencyGraph,
  serviceId: string,
  health: (id: string) => ServiceHealth | undefined,
  memo: Map<string, Chain | null> = new Map(),
): RootCause | null {
  if (health(serviceId)?.status !== 'down') return null;
  const chain = deepestDownChain(graph, serviceId, health, memo, new Set());
  return chain && chain.root !== serviceId ? chain.cause : null;
}

/** Root causes of every down service at once, sharing the walk (10,000 services: one pass). */
export function rootCauses(
  graph: DependencyGraph,
  health: (id: string) => ServiceHealth | undefined,
): Map<string, RootCause> {
  const memo = new Map<string, Chain | null>();
  const out = new Map<string, RootCause>();
  for (const id of graph.dependsOn.keys()) {
    const cause = rootCauseOf(graph, id, health, memo);
    if (cause) out.set(id, cause);
  }
  return out;
}

export interface Chain {
  root: string;
  depth: number;
  cause: RootCause;
}

function deepestDownChain(
  graph: DependencyGraph,
  id: string,
  health: (id: string) => ServiceHealth | undefined,
  memo: Map<string, Chain | null>,
  visiting: Set<string>,
): Chain | null {
  if (memo.has(id)) return memo.get(id)!;
  const own = health(id);
  if (own?.status !== 'down' || visiting.has(id)) return null;
  visiting.add(id);
  let best: Chain | null = null;
  for (const dep of graph.dependsOn.get(id) ?? []) {
    const chain = deepestDownChain(graph, dep, health, memo, visiting);
    if (chain && (!best || chain.depth > best.depth)) best = chain;
  }
  visiting.delete(id);
  const check = own.checks.find((c) => c.status === 'down') ?? own.checks[0];
  const result: Chain = best
    ? { ...best, depth: best.depth + 1 }
    : { root: id, depth: 0, cause: { serviceId: id, checkId: check?.id ?? '' } };
  memo.set(id, result);
  return result;
}
