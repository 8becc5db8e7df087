import type {
  CheckDetail,
  CheckResult,
  RootCause,
  ServiceDetail,
  ServiceSummary,
  Uptime,
} from '@aether/contract';
import { shownUrl } from '../config/redact-url.js';
import type { ServiceRuntime } from './runtime.js';

/**
 * The list entry of a service, kept on the runtime until the service changes: the API's list
 * cache re-serializes only summaries that are new objects.
 */
/** A service's flap state as its list entry shows it. */
export interface FlapView {
  flapping: boolean;
  changes: number;
}
const NOT_FLAPPING: FlapView = { flapping: false, changes: 0 };

export function summaryOf(
  s: ServiceRuntime,
  uptime: (serviceId: string) => Uptime,
  rootCause: (serviceId: string) => RootCause | null = () => null,
  flap: (serviceId: string) => FlapView = () => NOT_FLAPPING,
): ServiceSummary {
  if (s.summary) return s.summary;
  let last: CheckResult | null = null;
  for (const c of s.checks)
    if (c.state.lastResult && (!last || c.state.lastResult.timestamp > last.timestamp))
      last = c.state.lastResult;
  const flapState = flap(s.config.id);
  s.summary = {
    id: s.config.id,
    name: s.config.name,
    group: s.config.group,
    tags: s.config.tags,
    status: s.status,
    since: s.since,
    lastLatencyMs: last?.durationMs ?? null,
    lastCheckedAt: last?.timestamp ?? null,
    uptime: uptime(s.config.id),
    checks: s.checks.map((c) => ({
      id: c.check.id,
      type: c.check.type,
      status: c.state.status,
      since: c.state.since,
    })),
    // in the contract now; the maintenance feature fills it
    maintenance: null,
    rootCause: rootCause(s.config.id),
    dependsOn: s.config.dependsOn,
    flapping: flapState.flapping,
    flapChanges: flapState.changes,
  };
  return s.summary;
}

/** A service's base URL as shown, per config (redacting parses the URL: once, not per read). */
const shownBaseUrls = new WeakMap<ServiceRuntime['config'], string | null>();
function shownBaseUrlOf(config: ServiceRuntime['config']): string | null {
  let shown = shownBaseUrls.get(config);
  if (shown === undefined) {
    shown = config.baseUrl ? shownUrl(config.baseUrl, config.writtenBaseUrl) : null;
    shownBaseUrls.set(config, shown);
  }
  return shown;
}

/** One service with its checks' settings, counters and latest results. */
export function detailOf(
  s: ServiceRuntime,
  uptime: (serviceId: string) => Uptime,
  rootCause?: (serviceId: string) => RootCause | null,
  flap?: (serviceId: string) => FlapView,
): ServiceDetail {
  return {
    ...summaryOf(s, uptime, rootCause, flap),
    baseUrl: shownBaseUrlOf(s.config),
    checks: s.checks.map((c): CheckDetail => ({
      id: c.check.id,
      type: c.check.type,
      status: c.state.status,
      since: c.state.since,
      target: c.state.lastResult?.target ?? c.target,
      intervalMs: c.check.interval,
      timeoutMs: c.check.timeout,
      failAfter: c.check.failAfter,
      recoverAfter: c.check.recoverAfter,
      consecutiveFailures: c.state.consecutiveFailures,
      consecutiveSuccesses: c.state.consecutiveSuccesses,
      lastResult: c.state.lastResult,
    })),
  };
}
