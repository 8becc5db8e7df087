import type { AetherEvent, ApiClient, PanelEvents } from '@aether/contract';
import {
  createFrameBatcher,
  type FrameScheduler,
  animationFrameScheduler,
} from '../../../lib/frame-batcher';
import { isAbort } from '@aether/panel-kit';
import { getServices } from '../api/get-services';
import type { ServicesStore } from './services-store';

export type FeedState =
  | { status: 'loading'; error?: undefined; loadedAt: number | null }
  | { status: 'ready'; error?: undefined; loadedAt: number }
  | { status: 'error'; error: unknown; loadedAt: number | null };

export interface ServicesFeed {
  getState(): FeedState;
  subscribe(listener: () => void): () => void;
  /** Loads the fleet again (Retry); live events keep flowing meanwhile. */
  reload(): void;
  stop(): void;
}

const LIVE_EVENTS = ['snapshot', 'status', 'result'] as const;

/**
 * Fills the store: one GET /api/services, then only the shell's live events (no polling), batched per
 * animation frame. Events that arrive while the GET is in flight are held and applied after it, so
 * the older list never overwrites newer live changes.
 */
export function startServicesFeed({
  store,
  api,
  events,
  schedule = animationFrameScheduler,
  now = Date.now,
}: {
  store: ServicesStore;
  api: ApiClient;
  events: PanelEvents;
  schedule?: FrameScheduler;
  now?: () => number;
}): ServicesFeed {
  let state: FeedState = { status: 'loading', loadedAt: null };
  const listeners = new Set<() => void>();
  let held: AetherEvent[] | null = [];
  let controller: AbortController | null = null;

  const setState = (next: FeedState) => {
    state = next;
    listeners.forEach((l) => l());
  };

  const batcher = createFrameBatcher<AetherEvent>((batch) => {
    if (held) held.push(...batch);
    else store.applyEvents(batch);
  }, schedule);
  const unsubscribe = events.subscribe([...LIVE_EVENTS], (event) => batcher.push(event));

  function load() {
    controller?.abort();
    const current = (controller = new AbortController());
    held ??= [];
    setState({ status: 'loading', loadedAt: state.loadedAt });
    getServices(api, current.signal).then(
      (services) => {
        if (current.signal.aborted) return;
        const pending = held ?? [];
        held = null;
        // A snapshot that arrived meanwhile is newer than this answer.
        if (!pending.some((e) => e.type === 'snapshot')) store.replaceAll(services);
        if (pending.length) store.applyEvents(pending);
        setState({ status: 'ready', loadedAt: now() });
      },
      (error: unknown) => {
        if (current.signal.aborted || isAbort(error)) return;
        // Live events still apply to whatever data we have; a snapshot will refill an empty store.
        const pending = held ?? [];
        held = null;
        if (pending.length) store.applyEvents(pending);
        setState({ status: 'error', error, loadedAt: state.loadedAt });
      },
    );
  }

  load();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload: load,
    stop() {
      controller?.abort();
      unsubscribe();
      batcher.dispose();
    },
  };
}
