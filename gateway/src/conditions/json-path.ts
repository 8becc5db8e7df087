/**
 * The small JSONPath subset conditions use: `$`, `.name`, `[0]`, `["name"]` / `['name']`.
 * Returns `{ found: false }` when any step is missing, so "exists" and "equals null" differ.
 */
export function readJsonPath(
  root: unknown,
  path: string,
): { found: true; value: unknown } | { found: false } {
  const steps = parseJsonPath(path);
  if (!steps) return { found: false };
  let value = root;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return { found: false };
      value = value[step];
    } else {
      if (
        value === null ||
        typeof value !== 'object' ||
        Array.isArray(value) ||
        !Object.hasOwn(value, step)
      )
        return { found: false };
      value = (value as Record<string, unknown>)[step];
    }
  }
  return { found: true, value };
}

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(?:"([^"]*)"|'([^']*)')\])/;

/** Steps of a path, or undefined when it is not in the subset. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: (string | number)[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) return undefined;
    if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[1] ?? m[3] ?? m[4])!);
    rest = rest.slice(m[0].length);
  }
  return steps;
}
