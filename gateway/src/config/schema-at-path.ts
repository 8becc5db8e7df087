/**
 * The object keys a strict object schema allows at a path of the data, so an unknown field can
 * be answered with "did you mean …" and the list of fields that would be accepted.
 */
interface SchemaDef {
  type: string;
  shape?: Record<string, SchemaLike>;
  element?: SchemaLike;
  innerType?: SchemaLike;
  in?: SchemaLike;
  options?: SchemaLike[];
  discriminator?: string;
}
interface SchemaLike {
  _zod: { def: SchemaDef };
}

export function allowedKeysAt(
  root: unknown,
  data: unknown,
  path: readonly PropertyKey[],
): string[] {
  let schema = unwrap(root as SchemaLike, data);
  let value = data;
  for (const part of path) {
    if (!schema) return [];
    const def = schema._zod.def;
    value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
    if (def.type === 'object') schema = def.shape?.[String(part)];
    else if (def.type === 'array') schema = def.element;
    else return [];
    schema = schema && unwrap(schema, value);
  }
  return schema?._zod.def.type === 'object' ? Object.keys(schema._zod.def.shape ?? {}) : [];
}

/** Looks through defaults, optionals and pipes, and picks the union member the data selects. */
function unwrap(schema: SchemaLike, value: unknown): SchemaLike | undefined {
  let current: SchemaLike | undefined = schema;
  for (let guard = 0; current && guard < 20; guard += 1) {
    const def: SchemaDef = current._zod.def;
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (def.type === 'union' && def.discriminator) {
      const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
      current = def.options?.find((option) => {
        const literal = option._zod.def.shape?.[def.discriminator!]?._zod.def as
          { values?: unknown[] } | undefined;
        return literal?.values?.includes(tag);
      });
    } else return current;
  }
  return current;
}

/** The closest allowed key by edit distance, when it is close enough to be a typo. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(
        row[j - 1]! + 1,
        previous[j]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}
