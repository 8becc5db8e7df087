import type { ServiceSummary } from '@aether/contract';

/**
 * The fleet's dependency graph both ways: what each service needs (its `dependsOn`) and what
 * needs it (the reverse edges, which no service carries). Built once per membership change: the
 * store keeps `getMembers()` the same array until services come, go or change their dependsOn.
 */
export interface DependencyIndex {
  /** Whether the gateway reports dependsOn at all (a service that lists none still does). */
  readonly reported: boolean;
  /** Direct needs, as configured, of services in the fleet. */
  needs(id: string): readonly string[];
  /** Direct dependents. */
  neededBy(id: string): readonly string[];
}

/** One service reached by walking the graph: how far, and through which service (null: direct). */
export interface Reached {
  id: string;
  depth: number;
  via: string | null;
}

const NONE: readonly string[] = [];

export function buildDependencyIndex(
  services: readonly Pick<ServiceSummary, 'id' | 'dependsOn'>[],
): DependencyIndex {
  const known = new Set(services.map((s) => s.id));
  const needs = new Map<string, readonly string[]>();
  const neededBy = new Map<string, string[]>();
  let reported = false;
  for (const s of services) {
    if (!s.dependsOn) continue;
    reported = true;
    // an id the fleet does not have (yet) would link to nothing: config check refuses them anyway
    const deps = s.dependsOn.filter((d) => known.has(d) && d !== s.id);
    if (!deps.length) continue;
    needs.set(s.id, deps);
    for (const d of deps) {
      const list = neededBy.get(d);
      if (list) list.push(s.id);
      else neededBy.set(d, [s.id]);
    }
  }
  return {
    reported,
    needs: (id) => needs.get(id) ?? NONE,
    neededBy: (id) => neededBy.get(id) ?? NONE,
  };
}

const cache = new WeakMap<readonly ServiceSummary[], DependencyIndex>();

/** The index of a members array, built once however many views ask for it. */
export function dependencyIndexOf(members: readonly ServiceSummary[]): DependencyIndex {
  let index = cache.get(members);
  if (!index) cache.set(members, (index = buildDependencyIndex(members)));
  return index;
}

/**
 * Every service reachable from `start` along `edges` (breadth first, so each at its shortest
 * depth, with the service it was first reached through), `start` itself left out. Safe on a
 * cycle, which config check refuses but a half-applied reload could show for a moment.
 */
export function walk(start: string, edges: (id: string) => readonly string[]): Reached[] {
  const seen = new Set([start]);
  const out: Reached[] = [];
  let frontier: Reached[] = [{ id: start, depth: 0, via: null }];
  while (frontier.length) {
    const next: Reached[] = [];
    for (const from of frontier)
      for (const id of edges(from.id)) {
        if (seen.has(id)) continue;
        seen.add(id);
        next.push({ id, depth: from.depth + 1, via: from.depth === 0 ? null : from.id });
      }
    out.push(...next);
    frontier = next;
  }
  return out;
}
