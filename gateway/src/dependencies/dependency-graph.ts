/**
 * Which services depend on which (config `dependsOn`), kept both ways: root cause walks down
 * (to dependencies), invalidation after a status change walks up (to dependents).
 */
export interface DependencyGraph {
  /**
   * Direct dependencies of each service that has any, in config order (the order breaks
   * root-cause ties). A service without any has no entry: at 30,000 such services the entries
   * alone held 0.9 MiB, and nothing walks down from a service that depends on nothing.
   */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
  /** Direct dependents of each service. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}

export function buildDependencyGraph(
  services: readonly { id: string; dependsOn?: readonly string[] }[],
): DependencyGraph {
  const dependsOn = new Map<string, readonly string[]>();
  const dependents = new Map<string, string[]>();
  for (const s of services) {
    const deps = s.dependsOn ?? [];
    if (deps.length > 0) dependsOn.set(s.id, deps);
    for (const d of deps) {
      const list = dependents.get(d) ?? [];
      list.push(s.id);
      dependents.set(d, list);
    }
  }
  return { dependsOn, dependents };
}

/**
 * The first cycle found, as the path that closes it (["orders", "payments", "orders"]), or
 * null. Iterative DFS with the usual three colours, so a 10,000-deep chain cannot overflow
 * the stack.
 */
export function findCycle(graph: DependencyGraph): string[] | null {
  const colour = new Map<string, 'grey' | 'black'>();
  for (const start of graph.dependsOn.keys()) {
    if (colour.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    colour.set(start, 'grey');
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const deps = graph.dependsOn.get(node) ?? [];
      const i = next[next.length - 1]!;
      if (i >= deps.length) {
        colour.set(node, 'black');
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const dep = deps[i]!;
      const seen = colour.get(dep);
      if (seen === 'grey') return [...path.slice(path.indexOf(dep)), dep];
      if (seen === undefined && graph.dependsOn.has(dep)) {
        colour.set(dep, 'grey');
        path.push(dep);
        next.push(0);
      }
    }
  }
  return null;
}

/** Every service that depends on `id`, directly or through others (not `id` itself). */
export function transitiveDependents(graph: DependencyGraph, id: string): Set<string> {
  const found = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    for (const d of graph.dependents.get(queue.pop()!) ?? []) {
      if (d === id || found.has(d)) continue;
      found.add(d);
      queue.push(d);
    }
  }
  return found;
}
