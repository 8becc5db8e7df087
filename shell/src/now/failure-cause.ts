import type { CheckResult } from '@aether/contract';

/** What a failing check says is wrong, reduced to what several services can share. */
export interface FailureCause {
  /** The failing condition ("json $.status", "values") or the probe error ("error timeout"). */
  condition: string;
  /** Where the check looked: the resolver of a dns check, else host:port ("127.0.0.1:5353"). */
  location: string;
}

/**
 * "dns orders.test A @127.0.0.1:5353" → 127.0.0.1:5353, "GET http://127.0.0.1:9101/health" →
 * 127.0.0.1:9101, "tcp 127.0.0.1:5432" → 127.0.0.1:5432. Services failing the same condition at
 * the same place are one problem, whatever their paths.
 */
export function locationOf(target: string): string {
  const at = target.lastIndexOf('@');
  if (at >= 0) return target.slice(at + 1).trim();
  const url = /\b[a-z][a-z0-9+.-]*:\/\/([^/\s?#]+)/i.exec(target);
  if (url) return url[1]!;
  return target.split(/\s+/).at(-1) ?? target;
}

/**
 * The first thing that failed in a result: a failing `fail` condition, else a probe error, else a
 * `degrade` condition over its budget (a degraded check has only those). Null when nothing failed.
 */
export function causeOf(result: CheckResult): FailureCause | null {
  const failed = (severity: 'fail' | 'degrade') =>
    result.conditions.find((c) => !c.ok && c.severity === severity)?.condition;
  const condition =
    failed('fail') ??
    (result.errors[0] ? `error ${result.errors[0].kind}` : undefined) ??
    failed('degrade');
  return condition ? { condition, location: locationOf(result.target) } : null;
}
