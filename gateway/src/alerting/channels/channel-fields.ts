import type { ChannelProblem } from './channel-type.js';
import { Redactor, resolveHeader } from '../../operations/secrets.js';

/**
 * Channel settings keep their `${VAR}` text in the config and resolve here, on each attempt,
 * as operation headers do: a rotated secret needs no reload, and the config the API shows
 * never holds one.
 */
export interface ResolvedFields<K extends string> {
  values: Record<K, string>;
  /** Every substituted value: scrubbed from errors before they are recorded. */
  redactor: Redactor;
  /** `environment variable X is not set` when a reference has no value. */
  problem?: string;
}

export function resolveFields<K extends string>(
  fields: Record<K, string>,
  env: NodeJS.ProcessEnv,
  /** Fields that are credentials even when written inline (a Slack URL, a routing key). */
  secretKeys: readonly NoInfer<K>[] = [],
): ResolvedFields<K> {
  const values = {} as Record<K, string>;
  const secrets: string[] = [];
  const missing: string[] = [];
  for (const key of Object.keys(fields) as K[]) {
    const resolved = resolveHeader(fields[key], env);
    values[key] = resolved.value;
    secrets.push(...resolved.secrets);
    missing.push(...resolved.missing);
    if (secretKeys.includes(key) && resolved.value) secrets.push(resolved.value);
  }
  const redactor = new Redactor(secrets);
  if (missing.length === 0) return { values, redactor };
  return {
    values,
    redactor,
    problem: `environment variable ${[...new Set(missing)].join(', ')} is not set; export it where the gateway runs`,
  };
}

export function hasReference(text: string): boolean {
  return /\$\{[A-Za-z_]/.test(text);
}

/** A URL check for config time: one still holding `${VAR}` is checked at send time instead. */
export function urlProblem(text: string, protocols: readonly string[]): string | undefined {
  if (hasReference(text)) return undefined;
  try {
    const url = new URL(text);
    if (protocols.includes(url.protocol)) return undefined;
    return `expected a ${protocols.map((p) => `${p}//`).join(' or ')} URL, got ${url.protocol}//…`;
  } catch {
    return `expected a ${protocols.map((p) => `${p}//`).join(' or ')} URL`;
  }
}

/** The host of a URL for display; a reference stays as written (the variable name is no secret). */
export function displayHost(text: string): string {
  try {
    return new URL(text).host;
  } catch {
    return hasReference(text) ? text.replace(/\/\/[^@/]*@/, '//') : '(invalid URL)';
  }
}

/** The validate() of every channel that posts to an http(s) `url`: one problem, at `url`, or none. */
export function validateHttpUrl(config: { url: string }): ChannelProblem[] {
  const problem = urlProblem(config.url, ['http:', 'https:']);
  return problem ? [{ path: ['url'], message: problem }] : [];
}
