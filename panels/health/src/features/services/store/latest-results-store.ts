import type { ApiClient, CheckResult, ServiceDetail } from '@aether/contract';

/** Detail requests at once: scrolling past many failing rows must not flood the gateway. */
const CONCURRENCY = 2;

export interface LatestResultsStore {
  /** The latest result of each check of a service from GET /api/services/:id, once answered. */
  get(serviceId: string): ReadonlyMap<string, CheckResult | null> | undefined;
  subscribe(serviceId: string, listener: () => void): () => void;
  /** A failing row is on screen without a live result yet: ask for its checks' latest results once. */
  request(serviceId: string): () => void;
  dispose(): void;
}

/**
 * The latest results behind a failing row's cause, for services whose failing result came before
 * the panel was open (the list carries statuses, not conditions). Live results take over from these.
 */
export function createLatestResultsStore(api: ApiClient): LatestResultsStore {
  const results = new Map<string, Map<string, CheckResult | null>>();
  const listeners = new Map<string, Set<() => void>>();
  const queue: string[] = [];
  const asked = new Set<string>();
  let running = 0;
  const controller = new AbortController();

  function pump() {
    while (running < CONCURRENCY && queue.length) {
      const id = queue.shift()!;
      running++;
      api
        .get<ServiceDetail>(`/api/services/${encodeURIComponent(id)}`, {
          signal: controller.signal,
        })
        .then(
          (detail) => {
            results.set(id, new Map(detail.checks.map((c) => [c.id, c.lastResult])));
            listeners.get(id)?.forEach((l) => l());
          },
          () => asked.delete(id), // asked again when the row comes back
        )
        .finally(() => {
          running--;
          if (!controller.signal.aborted) pump();
        });
    }
  }

  return {
    get: (serviceId) => results.get(serviceId),
    subscribe(serviceId, listener) {
      let set = listeners.get(serviceId);
      if (!set) listeners.set(serviceId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (!set.size) listeners.delete(serviceId);
      };
    },
    request(serviceId) {
      if (asked.has(serviceId)) return () => {};
      asked.add(serviceId);
      queue.push(serviceId);
      pump();
      return () => {
        // not started yet and the row left: drop it
        const at = queue.indexOf(serviceId);
        if (at >= 0) {
          queue.splice(at, 1);
          asked.delete(serviceId);
        }
      };
    },
    dispose: () => controller.abort(),
  };
}
