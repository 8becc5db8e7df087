import type { ServiceSummary, Status } from '@aether/contract';
import { makeResult } from '@aether/contract/fixtures';
import type { EventHub } from '@aether/panel-kit/harness';

const STATUSES: Status[] = ['up', 'up', 'up', 'degraded', 'down'];
const TICK_MS = 20;

/**
 * Stands in for the gateway's SSE in standalone dev: `perSecond` events in ticks of 20 ms, each a
 * status change with probability `statusShare`, otherwise a result.
 */
export function simulateEvents(
  hub: EventHub,
  services: ServiceSummary[],
  perSecond = 20,
  statusShare = 0.1,
): () => void {
  const fleet = new Map(services.map((s) => [s.id, s]));
  const ids = [...fleet.keys()];
  if (!ids.length) return () => {};
  let owed = 0;
  const emitOne = () => {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    const service = fleet.get(id)!;
    const at = new Date().toISOString();
    const durationMs = Math.round(15 + Math.random() * 60);
    if (Math.random() >= statusShare) {
      hub.emit({
        id: null,
        type: 'result',
        data: makeResult(id, 'health', service.status !== 'down', { timestamp: at, durationMs }),
      });
      return;
    }
    const options = STATUSES.filter((s) => s !== service.status);
    const status = options[Math.floor(Math.random() * options.length)]!;
    const next: ServiceSummary = {
      ...service,
      status,
      since: at,
      lastCheckedAt: at,
      lastLatencyMs: durationMs,
      checks: service.checks.map((c) => ({ ...c, status, since: at })),
    };
    fleet.set(id, next);
    hub.emit({
      id: null,
      type: 'status',
      data: {
        serviceId: id,
        checkId: 'health',
        status,
        previous: service.status,
        since: at,
        service: next,
      },
    });
  };
  const timer = setInterval(() => {
    owed += (perSecond * TICK_MS) / 1000;
    for (; owed >= 1; owed--) emitOne();
  }, TICK_MS);
  return () => clearInterval(timer);
}
