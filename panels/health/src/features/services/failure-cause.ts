import type { CheckResult, ServiceSummary } from '@aether/contract';

/** Why a failing row fails: the check at fault, what it saw, and that check's own latency. */
export interface FailureCause {
  checkId: string;
  /** "status: expected 200, got 503", or the probe's error; null until a result of that check is known. */
  reason: string | null;
  /** The failing check's latency, never another check's (the row's last latency may be any check's). */
  latencyMs: number | null;
}

/**
 * The first check in the service's own status (its first down check for a Down service, first
 * degraded one for a Degraded one), and from its latest result the first condition that did not
 * hold (a `fail` one first), else the probe's first error. Null for a service that is not failing.
 */
export function failureCauseOf(
  service: ServiceSummary,
  resultOf: (checkId: string) => CheckResult | null | undefined,
): FailureCause | null {
  if (service.status !== 'down' && service.status !== 'degraded') return null;
  const check = service.checks.find((c) => c.status === service.status);
  if (!check) return null;
  const result = resultOf(check.id);
  if (!result) return { checkId: check.id, reason: null, latencyMs: null };
  const failed = result.conditions.filter((c) => !c.ok);
  const condition = failed.find((c) => c.severity === 'fail') ?? failed[0];
  const error = result.errors[0];
  const reason = condition
    ? `${condition.condition}: expected ${condition.expected}, got ${condition.actual}`
    : error
      ? `${error.kind}: ${error.message}`
      : null;
  return { checkId: check.id, reason, latencyMs: result.durationMs };
}
