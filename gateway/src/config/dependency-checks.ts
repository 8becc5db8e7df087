import { buildDependencyGraph, findCycle } from '../dependencies/dependency-graph.js';
import type { LocatedProblem } from './issue-message.js';
import type { ServiceConfig } from './schema.js';

/**
 * `dependsOn` must name configured services and never loop: a cycle would make every service
 * in it the root cause of the others. The cycle is reported at the entry that closes it,
 * spelled out ("orders → payments → orders") so the fix is obvious.
 */
export function checkDependencies(services: readonly ServiceConfig[]): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const ids = new Set(services.map((s) => s.id));
  services.forEach((service, s) => {
    service.dependsOn.forEach((dep, d) => {
      if (!ids.has(dep))
        problems.push({
          path: ['services', s, 'dependsOn', d],
          message: `unknown service "${dep}"; dependsOn names ids of configured services`,
        });
    });
  });
  const cycle = findCycle(buildDependencyGraph(services));
  if (cycle) {
    const from = cycle[cycle.length - 2]!;
    const to = cycle[cycle.length - 1]!;
    const s = services.findIndex((x) => x.id === from);
    problems.push({
      path: ['services', s, 'dependsOn', services[s]!.dependsOn.indexOf(to)],
      message: `dependency cycle ${cycle.join(' → ')}; a service cannot depend on itself, directly or through others`,
    });
  }
  return problems;
}
