import type { CheckResult, ConditionResult, ProbeError, Timings } from '@aether/contract';
import { statusOf } from '../conditions/evaluate.js';
import type { CheckConfig, ServiceConfig } from '../config/schema.js';

export interface ProbeOutcome {
  startedAt: number;
  conditions: ConditionResult[];
  errors: ProbeError[];
  timings?: Timings;
  durationMs: number;
  httpStatus?: number;
  certificateDaysLeft?: number;
}

/** Every probe ends here, so success and status always follow the same rule. */
export function toCheckResult(
  service: ServiceConfig,
  check: CheckConfig,
  outcome: ProbeOutcome,
  /** What the check probes (describeTarget). */
  target: string,
): CheckResult {
  const status = statusOf(outcome.conditions, outcome.errors);
  const result: CheckResult = {
    serviceId: service.id,
    checkId: check.id,
    type: check.type,
    timestamp: new Date(outcome.startedAt).toISOString(),
    success:
      outcome.errors.length === 0 &&
      outcome.conditions.every((c) => c.ok || c.severity === 'degrade'),
    status,
    durationMs: round(outcome.durationMs),
    conditions: outcome.conditions,
    errors: outcome.errors,
    target,
  };
  if (outcome.timings) result.timings = roundTimings(outcome.timings);
  if (outcome.httpStatus !== undefined) result.httpStatus = outcome.httpStatus;
  if (outcome.certificateDaysLeft !== undefined)
    result.certificateDaysLeft = Math.round(outcome.certificateDaysLeft * 100) / 100;
  return result;
}

function round(ms: number): number {
  return Math.max(0, Math.round(ms * 100) / 100);
}

function roundTimings(timings: Timings): Timings {
  const out: Timings = { total: round(timings.total) };
  for (const phase of ['dns', 'connect', 'tls', 'firstByte'] as const) {
    const value = timings[phase];
    if (value !== undefined) out[phase] = round(value);
  }
  return out;
}

/** Milliseconds with sub-millisecond precision, monotonic. */
export function now(): number {
  return performance.now();
}

/** Days until a certificate's notAfter ("valid_to" as Node prints it). */
export function daysUntil(validTo: string, at = Date.now()): number | undefined {
  const end = Date.parse(validTo);
  return Number.isNaN(end) ? undefined : (end - at) / 86_400_000;
}
