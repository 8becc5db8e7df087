import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import type { DeployStore } from '../store/deploy-store.js';
import type { ResultStore } from '../store/types.js';
import { Deploys } from './deploys.js';
import { FailureMemory } from './failure-memory.js';

export interface CreateDeploysOptions {
  store: DeployStore;
  results: ResultStore;
  monitor: Pick<Monitor, 'listServices' | 'getService' | 'checksOf'>;
  clock: Clock;
  events: EventBus;
  audit?: Pick<AuditLog, 'record'>;
}

/**
 * The deploys part wired to the running gateway: its failure memory learns every check's last
 * result now and every `result` event from here on; `close` stops listening.
 */
export function createDeploys(options: CreateDeploysOptions): { deploys: Deploys; close(): void } {
  const { monitor, events } = options;
  const failures = new FailureMemory();
  // the monitor's light read of a service's checks when it has one: not the whole detail
  const checksNow = (id: string) =>
    monitor.checksOf ? monitor.checksOf(id) : monitor.getService(id)?.checks;
  for (const summary of monitor.listServices())
    for (const check of checksNow(summary.id) ?? [])
      if (check.lastResult) failures.record(check.lastResult);
  const off = events.subscribe((event) => {
    if (event.type === 'result')
      failures.record(event.data as Parameters<FailureMemory['record']>[0]);
  });
  const deploys = new Deploys({
    store: options.store,
    results: options.results,
    failures,
    clock: options.clock,
    events,
    ...(options.audit ? { audit: options.audit } : {}),
    checksOf: (serviceId) => checksNow(serviceId)?.map((c) => c.id),
  });
  return { deploys, close: off };
}
