import type { ServiceSummary, Status } from '@aether/contract';
import { makeResult } from '@aether/contract/fixtures';
import type { EventHub } from '../harness/event-hub';

const STATUSES: Status[] = ['up', 'up', 'up', 'degraded', 'down'];

/** Stands in for the gateway's SSE in standalone dev: results every tick, now and then a status change. */
export function simulateEvents(hub: EventHub, services: ServiceSummary[], perSecond = 20): () => void {
  const fleet = new Map(services.map((s) => [s.id, s]));
  const ids = [...fleet.keys()];
  if (!ids.length) return () => {};
  const timer = setInterval(() => {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    const service = fleet.get(id)!;
    const at = new Date().toISOString();
    const durationMs = Math.round(15 + Math.random() * 60);
    hub.emit({ id: null, type: 'result', data: makeResult(id, 'health', service.status !== 'down', { timestamp: at, durationMs }) });
    if (Math.random() < 0.1) {
      const status = STATUSES[Math.floor(Math.random() * STATUSES.length)]!;
      if (status === service.status) return;
      const next: ServiceSummary = { ...service, status, since: at, lastCheckedAt: at, lastLatencyMs: durationMs, checks: service.checks.map((c) => ({ ...c, status, since: at })) };
      fleet.set(id, next);
      hub.emit({ id: null, type: 'status', data: { serviceId: id, checkId: 'health', status, previous: service.status, since: at, service: next } });
    }
  }, 1000 / perSecond);
  return () => clearInterval(timer);
}
