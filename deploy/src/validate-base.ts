import { checkHouseRules } from './house-rules.js';
import { loadKustomization, type LoadedObject, type Problem } from './kubernetes-objects.js';
import { validateAgainstSchema } from './schema-validation.js';

/**
 * Everything CI asks of a kustomize base: its resource list resolves to files, every object
 * passes the Kubernetes schema of its kind, and the house rules hold. No problems = valid.
 */
export async function validateBase(
  dir: string,
): Promise<{ objects: LoadedObject[]; problems: Problem[] }> {
  const { kustomization, objects, problems } = await loadKustomization(dir);
  for (const object of objects) problems.push(...validateAgainstSchema(object));
  problems.push(...checkHouseRules(objects, kustomization));
  return { objects, problems };
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}${problem.object ? ` (${problem.object})` : ''}: ${problem.message}`;
}
