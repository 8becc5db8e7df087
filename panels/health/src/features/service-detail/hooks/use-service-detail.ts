import { useEffect, useState } from 'react';
import type { ServiceDetail } from '@aether/contract';
import { usePanelContext } from '../../../app/panel-context';
import { useQuery } from '../../../lib/use-query';
import { getServiceDetail } from '../api/get-service-detail';

/**
 * One service with its checks' latest results, kept current by the live `status` and `result`
 * events of that service (a result carries its conditions, so the detail never polls).
 */
export function useServiceDetail(id: string) {
  const { api, events } = usePanelContext();
  const query = useQuery(id, (signal) => getServiceDetail(api, id, signal));
  const [live, setLive] = useState<{ id: string; detail: ServiceDetail } | null>(null);
  const base = query.dataKey === id ? query.data : undefined;

  useEffect(() => setLive(null), [query.data]);

  useEffect(
    () =>
      events.subscribe(['status', 'result'], (event) => {
        setLive((current) => {
          const detail = current?.id === id ? current.detail : base;
          if (!detail) return current;
          if (event.type === 'result' && event.data.serviceId === id) {
            const result = event.data;
            const checks = detail.checks.map((c) => (c.id === result.checkId ? { ...c, lastResult: result } : c));
            return { id, detail: { ...detail, checks, lastLatencyMs: result.durationMs, lastCheckedAt: result.timestamp } };
          }
          if (event.type === 'status' && event.data.serviceId === id) {
            const { service, checkId, status, since } = event.data;
            const checks = detail.checks.map((c) => (c.id === checkId ? { ...c, status, since } : c));
            return { id, detail: { ...detail, ...service, checks, baseUrl: detail.baseUrl } };
          }
          return current;
        });
      }),
    [events, id, base],
  );

  const detail = live?.id === id ? live.detail : base;
  return { ...query, detail };
}
