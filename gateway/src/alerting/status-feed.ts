import type { ServiceSummary, StatusEvent } from '@aether/contract';
import type { EventBus } from '../events/bus.js';
import type { CheckNow, CheckOwnership, Monitor, OwnershipChange } from '../monitor/types.js';
import type { ServiceObservation } from './dispatcher-inputs.js';
import { describeCause } from './message-text.js';

/**
 * A service's checks now: the monitor's light read when it has one (a status change must not
 * build the service's whole detail, its URLs and every check's settings), else the detail's.
 */
const checksNow = (monitor: Pick<Monitor, 'getService' | 'checksOf'>, id: string) =>
  (monitor.checksOf ? monitor.checksOf(id) : monitor.getService(id)?.checks) ?? [];

/**
 * What the dispatcher learns from a service: its status (failAfter and recoverAfter already
 * applied by the monitor), and, for the alert's words, the first check in that status with the
 * cause of its latest result. Read from the monitor's view, never from the store.
 */
export function observationOf(
  monitor: Pick<Monitor, 'getService' | 'checksOf'>,
  summary: ServiceSummary,
  fallbackCheckId?: string,
  checks: readonly CheckNow[] = checksNow(monitor, summary.id),
): ServiceObservation {
  const failing =
    checks.find((c) => c.status === summary.status) ??
    checks.find((c) => c.id === fallbackCheckId) ??
    checks[0];
  return {
    service: { id: summary.id, name: summary.name, group: summary.group, tags: summary.tags },
    status: summary.status,
    since: summary.since ?? new Date(0).toISOString(),
    check: failing ? { id: failing.id, type: failing.type } : { id: 'none', type: 'http' },
    cause: failing?.lastResult ? describeCause(failing.lastResult) : `status ${summary.status}`,
    rootCause: summary.rootCause,
    flapping: summary.flapping,
  };
}

/**
 * Feeds the dispatcher from the event bus's `status` events (one per service status change), and
 * once from the monitor's view, so a service that was down before a restart resumes or fires its
 * episode. In a cluster (`ownership`) that once is per service when this gateway comes to own its
 * shard (at start, or on a take-over), never for the others' services: gateways starting
 * together do not each fire the same alert. A lease change that tells which shards changed hands
 * (and an ownership that knows their services) is looked at for those services only, not the
 * whole list: with 1,024 shards rebalancing, changes are many and the list is 30,000 services.
 * The monitor needs no knowledge of alerting. Returns the unsubscribe.
 */
export function feedStatusChanges(
  events: EventBus,
  monitor: Pick<Monitor, 'getService' | 'checksOf' | 'listServices'>,
  observe: (observation: ServiceObservation) => void,
  /** Services whose alert is suppressed by a down dependency (the dispatcher's). */
  suppressed: () => Iterable<string> = () => [],
  ownership?: Pick<CheckOwnership, 'owns' | 'onChange' | 'servicesIn'>,
): () => void {
  /** Services observed since this gateway came to own them. */
  const observed = new Set<string>();
  const observeOwned = (change?: OwnershipChange) => {
    const lost = change && ownership?.servicesIn?.(change.lost);
    const gained = change && ownership?.servicesIn?.(change.gained);
    if (lost && gained) {
      for (const id of lost) if (!ownership!.owns(id)) observed.delete(id);
      for (const id of gained) {
        if (observed.has(id) || !ownership!.owns(id)) continue;
        const detail = monitor.getService(id);
        if (!detail || detail.status === 'unknown') continue;
        observed.add(id);
        observe(observationOf(monitor, detail, undefined, detail.checks));
      }
      return;
    }
    for (const summary of monitor.listServices()) {
      if (ownership && !ownership.owns(summary.id)) {
        observed.delete(summary.id);
        continue;
      }
      if (summary.status === 'unknown' || observed.has(summary.id)) continue;
      observed.add(summary.id);
      observe(observationOf(monitor, summary));
    }
  };
  observeOwned();
  const unwatch = ownership?.onChange(observeOwned);
  const unsubscribe = events.subscribe((event) => {
    // another gateway's change (relayed in a cluster) is observed by that gateway's dispatcher
    if (event.type !== 'status' || event.origin !== undefined) return;
    const data = event.data as StatusEvent;
    observe(observationOf(monitor, data.service, data.checkId));
    // A dependency that recovers changes its dependents' root cause but not their status, so
    // no event of theirs follows: look at every suppressed one again, and the still-down fire.
    for (const id of new Set(suppressed())) {
      const service = id === data.serviceId ? undefined : monitor.getService(id);
      if (service) observe(observationOf(monitor, service));
    }
  });
  return () => {
    unwatch?.();
    unsubscribe();
  };
}
