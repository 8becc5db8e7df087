import type { CheckResult, ServiceDetail } from '@aether/contract';
import { useIdentity, usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { getServiceDetail } from '../api/operate-api';

/**
 * The service an operation acts on, as it is now: GET /api/services/:id, then kept current by
 * `status` events (its status and its checks') and `result` events (each check's latest result).
 */
export function useServiceHealth(serviceId: string) {
  const { api } = usePanelContext();
  const user = useIdentity();
  const health = useQuery<ServiceDetail>(
    `service:${serviceId}:${user.name}:${user.role}`,
    (signal) => getServiceDetail(api, serviceId, signal),
  );
  usePanelEvent('status', (event) => {
    if (event.serviceId !== serviceId) return;
    health.update((service) => ({
      ...service,
      status: event.service.status,
      since: event.service.since,
      checks: service.checks.map((check) => {
        const now = event.service.checks.find((c) => c.id === check.id);
        return now ? { ...check, status: now.status, since: now.since } : check;
      }),
    }));
  });
  usePanelEvent('result', (result: CheckResult) => {
    if (result.serviceId !== serviceId) return;
    health.update((service) => ({
      ...service,
      checks: service.checks.map((c) =>
        c.id === result.checkId ? { ...c, lastResult: result } : c,
      ),
    }));
  });
  return health;
}
