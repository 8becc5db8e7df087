import type { ServiceDetail, ServiceMaintenance, ServiceSummary } from '@aether/contract';
import type { Monitor } from '../monitor/types.js';

type MaintenanceOf = (service: ServiceSummary) => ServiceMaintenance | null;

/**
 * The monitor as the API, SSE snapshot and metrics see it, with each service's `maintenance`
 * filled from the calendar. The monitor keeps a summary object per service until it changes, and
 * the list cache and revisions rely on that identity; so a summary keeps the same wrapped object
 * until either it or its maintenance changes (`maintenanceMoved()` after a window starts or ends).
 */
export function withMaintenance(monitor: Monitor, maintenanceOf: MaintenanceOf) {
  let generation = 0;
  const wrapped = new WeakMap<
    ServiceSummary,
    { generation: number; key: string; value: ServiceSummary }
  >();
  /**
   * The wrapped list made from each list the monitor handed out, for as long as the monitor keeps
   * that list and no longer: a strong `lastList` held 30,000 outdated summaries (7.8 MiB, a heap
   * snapshot of a cluster gateway nobody listed since its SSE snapshot) after the monitor had let
   * its own copy go.
   */
  const views = new WeakMap<ServiceSummary[], { generation: number; value: ServiceSummary[] }>();
  /** The last list read, not kept alive here: the next read patches from it while it is around. */
  let lastSource: WeakRef<ServiceSummary[]> | undefined;

  const summaryWith = (summary: ServiceSummary): ServiceSummary => {
    const seen = wrapped.get(summary);
    if (seen?.generation === generation) return seen.value;
    const maintenance = maintenanceOf(summary);
    // outside any window (nearly always) the summary itself is shown: nothing to remember for it,
    // so a status change (a new summary, ~1,000 a second under churn) adds no WeakMap entry
    if (maintenance === null && !seen) return summary;
    const key = JSON.stringify(maintenance);
    if (seen?.key === key) {
      seen.generation = generation;
      return seen.value;
    }
    const value = maintenance === null ? summary : { ...summary, maintenance };
    wrapped.set(summary, { generation, key, value });
    return value;
  };

  const view: Monitor = Object.create(monitor) as Monitor;
  Object.defineProperty(view, 'running', { get: () => monitor.running });
  view.listServices = () => {
    const source = monitor.listServices();
    const known = views.get(source);
    if (known?.generation === generation) return known.value;
    // the monitor patches its list where services changed: wrap again only the entries that are
    // new objects, not 10,000 WeakMap lookups per read under ~1,000 status changes a second
    const before = lastSource?.deref();
    const last = before && views.get(before);
    const previous =
      before && last?.generation === generation && before.length === source.length
        ? { source: before, value: last.value }
        : null;
    const value = previous ? previous.value.slice() : new Array<ServiceSummary>(source.length);
    for (let i = 0; i < source.length; i++)
      if (!previous || previous.source[i] !== source[i]) value[i] = summaryWith(source[i]!);
    views.set(source, { generation, value });
    lastSource = new WeakRef(source);
    return value;
  };
  view.getService = (id: string): ServiceDetail | undefined => {
    const detail = monitor.getService(id);
    if (!detail) return undefined;
    return { ...detail, maintenance: maintenanceOf(detail) };
  };
  return {
    monitor: view,
    summaryWith,
    /** A window started or ended: every service's maintenance is looked at again. */
    maintenanceMoved(): void {
      generation++;
    },
  };
}
