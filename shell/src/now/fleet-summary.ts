import { useEffect, useSyncExternalStore } from 'react';
import type { FleetSummary } from '@aether/contract';
import type { ShellServices } from '../shell-services';
import { useServices } from '../services-context';
import { onStreamBack } from '../events/on-stream-back';

export interface FleetSummaryState {
  status: 'loading' | 'ready' | 'error';
  summary: FleetSummary | null;
  error: unknown;
}

export interface FleetSummaryStore {
  getState(): FleetSummaryState;
  subscribe(listener: () => void): () => void;
  reload(): void;
}

/** Reads of the summary start at least this far apart while changes keep coming. */
export const SUMMARY_EVERY_MS = 1_000;

/**
 * GET /api/summary, read again after every status change or snapshot on the shell's one event
 * stream, and when the stream is back after a failed read. Reads are coalesced: while one is in
 * flight, any number of changes cause one more read after it, so a burst of a thousand changes
 * costs two requests, not a thousand — and that one starts {@link SUMMARY_EVERY_MS} after the
 * last began: under a steady 1,000 changes/s the reads followed each other back to back, one per
 * round trip, each a rebuild of the gateway's 10,000-service list (the now-view bench's
 * waterfall: a chain of /api/summary reads through the whole cold load). The first read waits
 * for the page's first reads (`firstReads`): the counts are never the first paint, and on a
 * deploy's page it queued the comparison behind a walk of the whole list at the gateway.
 */
export function createFleetSummaryStore({
  api,
  events,
  firstReads,
}: Pick<ShellServices, 'api' | 'events' | 'firstReads'>) {
  let state: FleetSummaryState = { status: 'loading', summary: null, error: null };
  // until then a read is not made; the first one after it covers every change before
  let ready = firstReads === undefined;
  const listeners = new Set<() => void>();
  let inFlight = false;
  let again = false;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let waiting: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;

  const set = (next: FleetSummaryState) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };
  const read = () => {
    if (!ready) return;
    if (inFlight || waiting !== undefined) {
      again = true;
      return;
    }
    // (a read after a failed one goes at once: the stream is back, or Retry)
    const wait = state.error ? 0 : lastReadAt + SUMMARY_EVERY_MS - Date.now();
    if (wait > 0) {
      waiting = setTimeout(() => {
        waiting = undefined;
        read();
      }, wait);
      return;
    }
    again = false;
    inFlight = true;
    lastReadAt = Date.now();
    api
      .get<FleetSummary>('/api/summary')
      .then(
        (summary) => set({ status: 'ready', summary, error: null }),
        // A failed re-read keeps the last counts; only a first read shows the error.
        (error: unknown) => set({ ...state, status: state.summary ? 'ready' : 'error', error }),
      )
      .finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          read();
        }
      });
  };

  void firstReads?.then(() => {
    ready = true;
    if (unsubscribe) read();
  });

  const store: FleetSummaryStore = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      if (!unsubscribe) {
        const unsubscribeEvents = events.subscribe(['snapshot', 'status'], read);
        // no snapshot at the start of the stream: a failed first read is made again when it is back
        const unsubscribeBack = onStreamBack(events, () => state.status === 'error' && read());
        unsubscribe = () => {
          unsubscribeEvents();
          unsubscribeBack();
        };
        read();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unsubscribe?.();
          unsubscribe = undefined;
          clearTimeout(waiting);
          waiting = undefined;
        }
      };
    },
    reload: read,
  };
  return store;
}

// One store per shell: the tab title and the Now view share its reads.
const stores = new WeakMap<ShellServices, FleetSummaryStore>();

export function useFleetSummary(): FleetSummaryState & { reload(): void } {
  const services = useServices();
  let store = stores.get(services);
  if (!store) {
    store = createFleetSummaryStore(services);
    stores.set(services, store);
  }
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return { ...state, reload: store.reload };
}

/**
 * The tab says how many services are down ("(3 down) AETHER GRID"), on every page, so an outage
 * shows in a background tab. The only place that sets the title.
 */
export function useDownCountTitle() {
  const down = useFleetSummary().summary?.counts.down ?? 0;
  useEffect(() => {
    const base = document.title.replace(/^\(\d+ down\) /, '');
    document.title = down > 0 ? `(${down} down) ${base}` : base;
  }, [down]);
}
