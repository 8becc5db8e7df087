import type { ApiClient, History } from '@aether/contract';
import { getUptimeHistory } from '../api/get-uptime-history';

export type RowHistory =
  { status: 'loading' } | { status: 'ready'; history: History } | { status: 'error' };

/** How many history requests run at once; scrolling 10,000 rows must not flood the gateway. */
const CONCURRENCY = 4;
/** A row must stay visible this long before it asks; fast scrolling asks for nothing. */
const SETTLE_MS = 150;
/** Bars older than this are fetched again when their row comes back into view. */
const FRESH_MS = 5 * 60_000;

export interface RowHistoryStore {
  get(id: string): RowHistory | undefined;
  subscribe(id: string, listener: () => void): () => void;
  /** A row became visible: fetch its 24 h history unless fresh; returns a cancel for when it leaves. */
  request(id: string): () => void;
  dispose(): void;
}

/** The 24 h history behind each visible row's uptime bar and sparkline, loaded lazily and cached. */
export function createRowHistoryStore(
  api: ApiClient,
  now: () => number = Date.now,
): RowHistoryStore {
  const entries = new Map<string, { value: RowHistory; at: number }>();
  const listeners = new Map<string, Set<() => void>>();
  const queue: string[] = [];
  const queued = new Set<string>();
  let running = 0;
  const controller = new AbortController();

  const set = (id: string, value: RowHistory) => {
    entries.set(id, { value, at: now() });
    listeners.get(id)?.forEach((l) => l());
  };

  function pump() {
    while (running < CONCURRENCY && queue.length) {
      const id = queue.shift()!;
      queued.delete(id);
      running++;
      if (!entries.has(id)) set(id, { status: 'loading' });
      getUptimeHistory(api, id, now(), controller.signal)
        .then(
          (history) => set(id, { status: 'ready', history }),
          () => !controller.signal.aborted && set(id, { status: 'error' }),
        )
        .finally(() => {
          running--;
          if (!controller.signal.aborted) pump();
        });
    }
  }

  return {
    get: (id) => entries.get(id)?.value,
    subscribe(id, listener) {
      let bucket = listeners.get(id);
      if (!bucket) listeners.set(id, (bucket = new Set()));
      bucket.add(listener);
      return () => {
        bucket.delete(listener);
        if (!bucket.size) listeners.delete(id);
      };
    },
    request(id) {
      const entry = entries.get(id);
      if (entry && (entry.value.status === 'loading' || now() - entry.at < FRESH_MS))
        return () => {};
      const timer = setTimeout(() => {
        if (queued.has(id)) return;
        queued.add(id);
        queue.push(id);
        pump();
      }, SETTLE_MS);
      return () => {
        clearTimeout(timer);
        // Still waiting for a slot: the row left, so it no longer needs its bars.
        if (queued.delete(id)) queue.splice(queue.indexOf(id), 1);
      };
    },
    dispose: () => controller.abort(),
  };
}
