import { useEffect, useMemo, useState } from 'react';
import type { CheckResult, ServiceDetail, StatusEvent } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { useQuery } from '@aether/panel-kit';
import { getServiceDetail } from '../api/get-service-detail';

interface LiveChanges {
  id: string;
  results: Record<string, CheckResult>;
  status: StatusEvent | null;
}

const newer = (a: string | undefined, b: string) => a === undefined || b >= a;

/** Applies live changes over the fetched detail, each only when newer than what the detail has. */
function merge(detail: ServiceDetail, live: LiveChanges): ServiceDetail {
  let merged = detail;
  if (live.status && newer(detail.since ?? undefined, live.status.since)) {
    const { service, checkId, status, since } = live.status;
    merged = {
      ...merged,
      ...service,
      baseUrl: detail.baseUrl,
      checks: merged.checks.map((c) => (c.id === checkId ? { ...c, status, since } : c)),
    };
  }
  const results = Object.values(live.results);
  if (results.length) {
    merged = {
      ...merged,
      checks: merged.checks.map((c) => {
        const result = live.results[c.id];
        return result && newer(c.lastResult?.timestamp, result.timestamp)
          ? { ...c, lastResult: result }
          : c;
      }),
    };
    const latest = results.reduce((a, b) => (a.timestamp >= b.timestamp ? a : b));
    if (newer(merged.lastCheckedAt ?? undefined, latest.timestamp)) {
      merged = { ...merged, lastLatencyMs: latest.durationMs, lastCheckedAt: latest.timestamp };
    }
  }
  return merged;
}

/**
 * One service with its checks' latest results, kept current by the live `status` and `result`
 * events of that service (a result carries its conditions, so the detail never polls). Events are
 * listened to from the moment the request starts, so none is lost while it is in flight.
 */
export function useServiceDetail(id: string) {
  const { api, events } = usePanelContext();
  const query = useQuery(id, (signal) => getServiceDetail(api, id, signal));
  const [live, setLive] = useState<LiveChanges>({ id, results: {}, status: null });

  useEffect(() => {
    setLive({ id, results: {}, status: null });
    return events.subscribe(['status', 'result'], (event) => {
      if (event.type === 'result' && event.data.serviceId === id) {
        const result = event.data;
        setLive((l) => ({ ...l, results: { ...l.results, [result.checkId]: result } }));
      } else if (event.type === 'status' && event.data.serviceId === id) {
        const status = event.data;
        setLive((l) => ({ ...l, status }));
      }
    });
  }, [events, id]);

  const base = query.dataKey === id ? query.data : undefined;
  const detail = useMemo(
    () => (base && live.id === id ? merge(base, live) : base),
    [base, live, id],
  );
  return { ...query, detail };
}
