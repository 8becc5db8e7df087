import type { z } from 'zod';
import { allowedKeysAt, closestKey } from './schema-at-path.js';

export interface LocatedProblem {
  path: PropertyKey[];
  /** Point at this key of the map at `path` instead of the map itself (unknown fields). */
  key?: string;
  message: string;
}

/** Turns zod's issues into messages that say what was expected and how to fix it. */
export function describeIssues(
  schema: z.ZodType,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
): LocatedProblem[] {
  return issues.flatMap((issue) => describeIssue(schema, data, issue));
}

function describeIssue(
  schema: z.ZodType,
  data: unknown,
  issue: z.core.$ZodIssue,
): LocatedProblem[] {
  const path = [...issue.path];
  const actual = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, data, path);
      return issue.keys.map((key) => {
        const guess = closestKey(key, allowed);
        const hint = guess ? `did you mean "${guess}"?` : 'remove it.';
        const list = allowed.length ? ` Allowed here: ${allowed.join(', ')}.` : '';
        return { path, key, message: `unknown field "${key}"; ${hint}${list}` };
      });
    }
    case 'invalid_type': {
      if (actual === undefined) {
        const field = String(path.at(-1));
        return [
          {
            path,
            message: `missing required field "${field}" (${article(issue.expected)}); add it`,
          },
        ];
      }
      return [
        { path, message: `expected ${article(issue.expected)}, got ${describeValue(actual)}` },
      ];
    }
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options)
        return [
          { path, message: `expected one of ${options.join(', ')}, got ${describeValue(actual)}` },
        ];
      return [{ path, message: `${describeValue(actual)} matches none of the allowed forms` }];
    }
    case 'invalid_value':
      return [
        {
          path,
          message: `expected ${issue.values.length > 1 ? 'one of ' : ''}${issue.values.map(String).join(', ')}, got ${describeValue(actual)}`,
        },
      ];
    case 'invalid_format': {
      const expected =
        issue.format === 'regex'
          ? issue.message
          : issue.format === 'url'
            ? 'a URL such as http://127.0.0.1:9101'
            : issue.format === 'starts_with'
              ? `a value starting with "${(issue as { prefix?: string }).prefix}"`
              : `a valid ${issue.format}`;
      return [{ path, message: `expected ${expected}, got ${describeValue(actual)}` }];
    }
    case 'too_small':
    case 'too_big': {
      const bound =
        issue.code === 'too_small'
          ? issue.inclusive === false
            ? 'more than'
            : 'at least'
          : issue.inclusive === false
            ? 'less than'
            : 'at most';
      const limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const unit =
        issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return [{ path, message: `expected ${bound} ${limit}${unit}, got ${describeValue(actual)}` }];
    }
    case 'invalid_key': {
      // zod's path ends at the key: point at the key itself, and say what a key must be
      const key = String(path.at(-1));
      const inner = issue.issues[0];
      const expected =
        inner?.code === 'invalid_format' && inner.format === 'regex'
          ? inner.message
          : 'a valid key';
      return [
        { path: path.slice(0, -1), key, message: `expected ${expected}, got "${printable(key)}"` },
      ];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** Control characters (a CR, LF or tab in a value) written as escapes, on one line. */
function printable(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += code === 0x7f ? '\\u007f' : code < 0x20 ? JSON.stringify(c).slice(1, -1) : c;
  }
  return out;
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `"${printable(value)}"`;
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a map',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
  };
  return names[expected] ?? expected;
}
