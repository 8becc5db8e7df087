import type { Clock } from '../clock.js';
import type { AetherConfig, CheckConfig } from '../config/schema.js';
import { describeTarget } from '../probes/check-target.js';
import type { ResultStore } from '../store/types.js';
import { checkKeyOf, type CheckRuntime, type ServiceRuntime } from './runtime.js';
import { initialCheckState, worstStatus } from './status-machine.js';

/** Slack on top of two intervals: a restart, a slow probe and scheduling spread fit in it. */
export const GAP_SLACK_MS = 15_000;

/**
 * How long a check may go without a result before the time since its last one is a gap in
 * monitoring (PRODUCT.md "Gaps are data"): two intervals and its timeout, plus slack.
 */
export function gapAfterMs(check: Pick<CheckConfig, 'interval' | 'timeout'>): number {
  return 2 * check.interval + check.timeout + GAP_SLACK_MS;
}

export interface RestoredView {
  services: Map<string, ServiceRuntime>;
  checks: Map<string, CheckRuntime>;
}

/**
 * The monitor's view at start: every configured check with the state and open incident the
 * store kept (a restart resumes where it was), and each service's status and since from them.
 */
export async function restoreState(
  config: AetherConfig,
  store: ResultStore,
  clock: Clock,
): Promise<RestoredView> {
  const [states, incidents] = await Promise.all([store.loadCheckStates(), store.openIncidents()]);
  const saved = new Map(states.map((s) => [checkKeyOf(s.serviceId, s.checkId), s]));
  const open = new Map(incidents.map((i) => [checkKeyOf(i.serviceId, i.checkId), i]));
  const services = new Map<string, ServiceRuntime>();
  const checks = new Map<string, CheckRuntime>();
  for (const service of config.services) {
    const runtime: ServiceRuntime = {
      config: service,
      checks: [],
      status: 'unknown',
      since: null,
      summary: null,
      seen: undefined,
      listAt: -1,
    };
    for (const check of service.checks) {
      const key = checkKeyOf(service.id, check.id);
      let state = saved.get(key) ?? initialCheckState(service.id, check.id);
      let incident = open.get(key) ?? null;
      const lastSeen = state.lastResult ? Date.parse(state.lastResult.timestamp) : null;
      if (lastSeen !== null && clock.now() - lastSeen > gapAfterMs(check)) {
        // Nobody probed it for longer than a gap: what it was then says nothing about now.
        // It starts unknown (its next results set status and since), and an incident still
        // open ends where it was last seen, not stretched over the gap.
        // Its kept status changes stay: a flap episode ends after a quiet window, not at a gap.
        state = {
          ...initialCheckState(service.id, check.id),
          lastResult: state.lastResult,
          ...(state.statusChanges && { statusChanges: state.statusChanges }),
        };
        if (incident) {
          await store.closeIncident(incident.id, new Date(lastSeen).toISOString());
          incident = null;
        }
      }
      if (incident && state.status !== incident.status) {
        // the check left that state while nobody recorded it (config edit, crash): end it now
        await store.closeIncident(incident.id, new Date(clock.now()).toISOString());
        incident = null;
      }
      const entry: CheckRuntime = {
        key,
        service,
        check,
        target: describeTarget(service, check),
        state,
        incident,
      };
      runtime.checks.push(entry);
      checks.set(key, entry);
    }
    // an array of exactly its length: a pushed one keeps room for 16 more (~130 bytes a service)
    runtime.checks = runtime.checks.slice();
    runtime.status = worstStatus(runtime.checks.map((c) => c.state.status));
    runtime.seen = runtime.status;
    // since a restart, the best guess is the earliest check that has been in the worst state
    runtime.since =
      runtime.checks
        .filter((c) => c.state.status === runtime.status && c.state.since)
        .map((c) => c.state.since!)
        .sort()[0] ?? null;
    services.set(service.id, runtime);
  }
  return { services, checks };
}
