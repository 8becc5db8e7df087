import type { OutboundRequest } from '@aether/contract';
import { refuse, type FieldError } from '../domain/refusal.js';
import type { OperationConfig } from '../config/schema.js';
import { resolveHeader } from './secrets.js';

/** What the sender needs; `shown` is the same request as people and the audit trail see it. */
export interface BuiltRequest {
  method: OperationConfig['method'];
  url: URL;
  headers: Record<string, string>;
  body: string | null;
  shown: OutboundRequest;
  /** Env values injected into headers; scrubbed from everything that leaves the gateway. */
  secrets: string[];
  /** Env references that resolved to nothing: the request must not be sent. */
  missing: string[];
  /** The baseUrl's path without its trailing slash: no redirect may lead outside it. */
  basePath: string;
  /** Headers the operation configures (its credentials): never sent on after a redirect. */
  configuredHeaders: string[];
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WITH_QUERY = new Set(['GET', 'DELETE']);

/** Refused in a path parameter, after decoding: anything that could change the path's shape or its host. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const UNSAFE_SEGMENT = /[/\\?#@:%\u0000-\u001f\u007f]/;

/**
 * Turns an operation and its already validated params into the one request it may send: always to
 * the service's baseUrl, with {name} placeholders filled by URL-encoded params. Params can never
 * supply a scheme, host, port or path separator, and the result is checked once more against the
 * base origin, so a trick that slips past the segment rules still cannot leave the service.
 */
export function buildRequest(
  baseUrl: string,
  op: Pick<OperationConfig, 'method' | 'path' | 'headers'>,
  params: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): BuiltRequest {
  const base = new URL(baseUrl);
  const errors: FieldError[] = [];
  const used = new Set<string>();
  // A template may carry a fixed query (/admin/sleep?ms={ms}); its placeholders are only encoded.
  const [pathTemplate = '', queryTemplate] = splitOnce(op.path, '?');
  const fill = (template: string, strict: boolean) =>
    template.replace(PLACEHOLDER, (_match, name: string) => {
      used.add(name);
      const problem = strict ? segmentProblem(params[name]) : scalarProblem(params[name]);
      if (problem) {
        errors.push({ path: `body.params.${name}`, message: problem });
        return '_';
      }
      return encodeURIComponent(String(params[name]));
    });
  const path = fill(pathTemplate, true);
  const query = queryTemplate === undefined ? '' : `?${fill(queryTemplate, false)}`;
  if (errors.length)
    throw refuse('invalid', 'A parameter cannot be used in the request path', {
      code: 'unsafe-parameter',
      title: 'Refused parameter',
      errors,
    });

  const prefix = base.pathname.replace(/\/+$/, '');
  const target = new URL(`${base.origin}${prefix}${path}${query}`);
  const rest = Object.fromEntries(Object.entries(params).filter(([name]) => !used.has(name)));
  if (WITH_QUERY.has(op.method)) {
    for (const [name, value] of Object.entries(rest)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        target.searchParams.append(
          name,
          typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item),
        );
      }
    }
  }
  // The parser normalises "..", "%2e" and friends; if anything moved, the path was not what it looked like.
  if (target.origin !== base.origin || target.pathname !== `${prefix}${path}`) {
    throw refuse('invalid', "The request would not stay on the service's base URL", {
      code: 'unsafe-parameter',
      title: 'Refused parameter',
    });
  }

  const body = WITH_QUERY.has(op.method) ? null : JSON.stringify(rest);
  const headers: Record<string, string> = {
    accept: 'application/json, */*;q=0.5',
    'user-agent': 'aether-gateway',
  };
  if (body !== null) headers['content-type'] = 'application/json';
  const shownHeaders = { ...headers };
  const secrets: string[] = [];
  const missing: string[] = [];
  for (const [name, template] of Object.entries(op.headers)) {
    const resolved = resolveHeader(template, env);
    headers[name.toLowerCase()] = resolved.value;
    shownHeaders[name.toLowerCase()] = resolved.shown;
    secrets.push(...resolved.secrets);
    missing.push(...resolved.missing);
  }
  return {
    method: op.method,
    url: target,
    headers,
    body,
    shown: { method: op.method, url: target.toString(), headers: shownHeaders, body },
    secrets,
    missing,
    basePath: prefix,
    configuredHeaders: Object.keys(op.headers).map((name) => name.toLowerCase()),
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function scalarProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'is required to build the path';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    return 'must be a string, number or boolean to be used in the path';
  return undefined;
}

function segmentProblem(value: unknown): string | undefined {
  const scalar = scalarProblem(value);
  if (scalar) return scalar;
  const text = String(value);
  if (text === '') return 'must not be empty';
  if (text === '.' || text === '..') return 'must not be "." or ".."';
  if (UNSAFE_SEGMENT.test(text))
    return 'must not contain "/", "\\", "?", "#", "@", ":", "%" or control characters';
  return undefined;
}
