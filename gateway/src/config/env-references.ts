import { isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';

export interface EnvProblem {
  path: PropertyKey[];
  message: string;
}

/** `${NAME}` or `${NAME:-fallback}`; `$${` escapes a literal `${`. */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/**
 * Operation headers keep their `${VAR}` text: the operate engine resolves them at send time,
 * so a rotated secret needs no reload and dry-runs can show `${ORDERS_ADMIN_TOKEN}` instead of
 * the secret itself. Alerting channels (webhook secrets, SMTP passwords, routing keys) do the
 * same: their notifiers resolve at send time.
 */
export function isDeferredPath(path: readonly PropertyKey[]): boolean {
  return (
    (path.length >= 5 &&
      path[0] === 'services' &&
      path[2] === 'operations' &&
      path[4] === 'headers') ||
    (path.length >= 3 && path[0] === 'alerting' && path[1] === 'channels')
  );
}

/**
 * Replaces env references in every string value of the document, in place, and returns one
 * problem per missing or malformed reference. A plain (unquoted) scalar that is a single
 * reference takes the type of its value, so `port: ${PORT}` gives a number.
 */
export function resolveEnvReferences(doc: Document, env: NodeJS.ProcessEnv): EnvProblem[] {
  const problems: EnvProblem[] = [];
  walk(doc.contents as Node | null, [], (scalar, path) => {
    if (typeof scalar.value !== 'string' || !scalar.value.includes('${') || isDeferredPath(path))
      return;
    const text = scalar.value;
    const resolved = resolveText(text, env, (message) => problems.push({ path, message }));
    const whole = /^\$\{[^}]*\}$/.test(text) && scalar.type === Scalar.PLAIN;
    scalar.value = whole ? typedScalar(resolved) : resolved;
  });
  return problems;
}

/**
 * The same resolution on plain data (a parsed JSON config), in place: every string value that
 * is not at a deferred path. JSON strings are all quoted, so a value stays a string, as the
 * YAML path gives for a double-quoted scalar. Returns false, leaving the data half resolved, at
 * the first missing or malformed reference: the caller then takes the YAML path, which says
 * where it is.
 */
export function resolveEnvReferencesInData(
  data: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): boolean {
  const path: PropertyKey[] = [];
  let ok = true;
  // a generated fleet repeats the same text (a header per service): resolve it once, keep one string
  const resolved = new Map<string, string>();
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('${') || isDeferredPath(path)) return value;
      let text = resolved.get(value);
      if (text === undefined) {
        text = resolveText(value, env, () => (ok = false));
        resolved.set(value, text);
      }
      return text;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length && ok; i++) {
        path.push(i);
        const item = visit(value[i]);
        if (item !== value[i]) value[i] = item;
        path.pop();
      }
    } else if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        if (!ok) break;
        path.push(key);
        const item = visit(object[key]);
        // only a changed value is written back (`__proto__`, an own key of JSON.parse's, is
        // not assignable as data): the YAML path resolves such a key
        if (item !== object[key]) {
          if (key === '__proto__') ok = false;
          else object[key] = item;
        }
        path.pop();
      }
    }
    return value;
  };
  visit(data);
  return ok;
}

/** `text` with its references replaced; each bad one is told to `problem` and left as written. */
function resolveText(
  text: string,
  env: NodeJS.ProcessEnv,
  problem: (message: string) => void,
): string {
  return text.replace(REFERENCE, (match, inner: string | undefined) => {
    if (match === '$${') return '${';
    const parts = NAME.exec(inner ?? '');
    if (!parts) {
      problem(
        `"${match}" is not an env reference; write \${NAME} with letters, digits and "_", or $\${ for a literal "\${"`,
      );
      return match;
    }
    const [, name, fallback] = parts as unknown as [string, string, string | undefined];
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    problem(
      `environment variable ${name} is not set; export it, or give a default with \${${name}:-value}`,
    );
    return match;
  });
}

function typedScalar(text: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function walk(
  node: Node | null,
  path: PropertyKey[],
  visit: (scalar: Scalar, path: PropertyKey[]) => void,
): void {
  if (isScalar(node)) visit(node, path);
  else if (isSeq(node))
    node.items.forEach((item, index) => walk(item as Node | null, [...path, index], visit));
  else if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      walk(pair.value as Node | null, [...path, String(pair.key.value)], visit);
    }
  }
}
