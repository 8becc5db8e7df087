import type { z } from 'zod';
import { badRequest, type FieldError } from './errors.js';

/** "services.0.name" style zod paths as "body.services[0].name". */
function formatPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  );
}

/** One field error per problem, unknown keys each named (the contract's request schemas are strict). */
export function toFieldErrors(root: string, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath(root, [...issue.path, key]),
        message: 'unknown field',
      }));
    }
    return [{ path: formatPath(root, issue.path), message: issue.message }];
  });
}

function parse<S extends z.ZodType>(root: 'body' | 'query', schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = toFieldErrors(root, result.error);
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw badRequest(`Invalid request ${root}: ${detail}`, errors);
}

/** The JSON body parsed with a contract schema; a missing body counts as {}. 400 problem otherwise. */
export function parseBody<S extends z.ZodType>(
  ctx: { request: { body?: unknown } },
  schema: S,
): z.infer<S> {
  return parse('body', schema, ctx.request.body ?? {});
}

/** The query string parsed with a contract schema; 400 problem otherwise. */
export function parseQuery<S extends z.ZodType>(
  ctx: { query: Record<string, string | string[] | undefined> },
  schema: S,
): z.infer<S> {
  return parse('query', schema, { ...ctx.query });
}
