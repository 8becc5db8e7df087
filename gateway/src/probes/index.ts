import type { CheckResult } from '@aether/contract';
import type { CheckConfig, ServiceConfig } from '../config/schema.js';
import { describeTarget } from './check-target.js';
import { classifyError } from './classify-error.js';
import { probeDns } from './dns-probe.js';
import { probeHttp } from './http-probe.js';
import { toCheckResult, type ProbeOutcome } from './probe-result.js';
import { probeTcp } from './tcp-probe.js';
import { probeTls } from './tls-probe.js';

export { MAX_BODY_BYTES } from './http-probe.js';

export interface ProbeOptions {
  /** Cancels the probe (shutdown); it still resolves, with an error result. */
  signal?: AbortSignal;
  /** The check's describeTarget, when the caller keeps it (the monitor does): made here otherwise. */
  target?: string;
}

/** Runs one check once. Never throws: every failure is a result with a classified error. */
export async function runProbe(
  service: ServiceConfig,
  check: CheckConfig,
  options: ProbeOptions = {},
): Promise<CheckResult> {
  const startedAt = Date.now();
  let outcome: ProbeOutcome;
  try {
    outcome = await dispatch(service, check, options.signal);
  } catch (error) {
    outcome = {
      startedAt,
      conditions: [],
      errors: [classifyError(error)],
      durationMs: Date.now() - startedAt,
    };
  }
  return toCheckResult(service, check, outcome, options.target ?? describeTarget(service, check));
}

function dispatch(
  service: ServiceConfig,
  check: CheckConfig,
  signal: AbortSignal | undefined,
): Promise<ProbeOutcome> {
  switch (check.type) {
    case 'http':
      return probeHttp(service, check, signal);
    case 'tcp':
      return probeTcp(service, check, signal);
    case 'dns':
      return probeDns(service, check, signal);
    case 'tls':
      return probeTls(service, check, signal);
  }
}
