import type { AetherEvent, ApiClient, PanelEvents, Status } from '@aether/contract';
import {
  createFrameBatcher,
  type FrameScheduler,
  animationFrameScheduler,
} from '../../../lib/frame-batcher';
import { isAbort, isApiError } from '@aether/panel-kit';
import {
  getServiceChanges,
  getServices,
  getServicesPage,
  getSummary,
  type ServiceFilters,
} from '../api/get-services';
import type { ServicesStore } from './services-store';
import { touchesServices } from './config-reload';

export type FeedState =
  | { status: 'loading'; error?: undefined; loadedAt: number | null }
  | { status: 'ready'; error?: undefined; loadedAt: number }
  | { status: 'error'; error: unknown; loadedAt: number | null };

export interface ServicesFeed {
  getState(): FeedState;
  subscribe(listener: () => void): () => void;
  /** Loads the fleet again (Retry); live events keep flowing meanwhile. */
  reload(): void;
  /** Starts the first load of a feed started `deferred` (once; nothing after the first call). */
  start(): void;
  stop(): void;
}

const LIVE_EVENTS = ['snapshot', 'status', 'result'] as const;

/** Rows of each first page: a screen and more, small enough to come back at once at 10,000 services. */
export const FIRST_PAGE = 100;
const FAILING: readonly Status[] = ['down', 'degraded'];

/**
 * Fills the store. First paint: the first page of the view the panel opened on (its filters go to
 * the gateway) and the first page of failing services, which the list pins on top, shown as soon
 * as they are in; GET /api/summary (counts, revision) alongside, never waited for. The whole list
 * is asked for once the first rows are shown. The stream carries no snapshot (the shell opens it
 * with ?snapshot=false): only the shell's live events (no polling), batched per animation frame.
 * Events that arrive while a list or changes request is in flight are held and applied after it,
 * so an older answer never overwrites newer live changes. After the stream comes back, and after
 * a config reload, `changes?since=<revision>` brings the store up to date (added, changed and
 * removed services) instead of the whole fleet; a 410 (revision expired) lists again.
 * `deferred`: nothing is read until `start()` (live events are held until the first load's answer).
 */
export function startServicesFeed({
  store,
  api,
  events,
  schedule = animationFrameScheduler,
  now = Date.now,
  firstView,
  deferred = false,
}: {
  store: ServicesStore;
  api: ApiClient;
  events: PanelEvents;
  schedule?: FrameScheduler;
  now?: () => number;
  /** The filters of the list view the panel opened on; none on the detail route. */
  firstView?: ServiceFilters;
  /** Reads nothing until `start()`: a page that shows no fleet (a deploy's) lets its own read go first. */
  deferred?: boolean;
}): ServicesFeed {
  let state: FeedState = { status: 'loading', loadedAt: null };
  const listeners = new Set<() => void>();
  let held: AetherEvent[] | null = [];
  let controller: AbortController | null = null;
  let inFlight = false;
  /** Revision of the newest summary or changes answer: what `changes?since=` continues from. */
  let revision: number | null = null;
  let started = !deferred;

  const setState = (next: FeedState) => {
    state = next;
    listeners.forEach((l) => l());
  };

  const batcher = createFrameBatcher<AetherEvent>((batch) => {
    if (held) held.push(...batch);
    else store.applyEvents(batch);
  }, schedule);
  const unsubscribe = events.subscribe([...LIVE_EVENTS], (event) => batcher.push(event));
  // a reload that only touched alerting, auth or the like changes no row
  const unsubscribeConfig = events.subscribe(['config'], (event) => {
    if (event.type === 'config' && touchesServices(event.data)) catchUp();
  });
  let connection = events.connection;
  const unsubscribeConnection = events.onConnectionChange((next) => {
    const back = next === 'live' && connection !== 'live';
    connection = next;
    if (back) catchUp();
  });

  /** Starts a request during which live events are held; returns its signal. */
  function begin(): AbortSignal {
    controller?.abort();
    controller = new AbortController();
    held ??= [];
    inFlight = true;
    return controller.signal;
  }

  /** Ends a request: `apply` runs first unless a snapshot arrived meanwhile (it is newer), then the held events. */
  function release(apply?: () => void) {
    const pending = held ?? [];
    held = null;
    inFlight = false;
    if (apply && !pending.some((e) => e.type === 'snapshot')) apply();
    if (pending.length) store.applyEvents(pending);
  }

  /**
   * The first rows: the first page of the view and of its failing services, shown as soon as both
   * are in — the summary's counts join whenever they come (the page never waits for them).
   * Resolves when the first rows are shown or could not be (the whole list says what went wrong).
   */
  function firstPaint(signal: AbortSignal, summary: ReturnType<typeof getSummary>): Promise<void> {
    if (!firstView || store.loaded) return Promise.resolve();
    summary.then(
      ({ counts }) => {
        if (signal.aborted) return;
        const { up, degraded, down, unknown } = counts;
        store.applyFleetCounts({ up, degraded, down, unknown });
      },
      () => {},
    );
    const wantsFailing = !firstView.status || firstView.status.some((s) => FAILING.includes(s));
    return Promise.all([
      getServicesPage(api, firstView, FIRST_PAGE, signal),
      wantsFailing
        ? getServicesPage(api, { ...firstView, status: FAILING }, FIRST_PAGE, signal)
        : Promise.resolve([]),
    ]).then(
      ([view, failing]) => {
        if (!signal.aborted) store.applyPage([...failing, ...view]);
      },
      () => {},
    );
  }

  function load() {
    const signal = begin();
    setState({ status: 'loading', loadedAt: state.loadedAt });
    // Asked before the list, so changes since it cover whatever the list may have missed.
    const summary = getSummary(api, signal);
    summary.then(
      (s) => (revision = s.revision),
      () => {},
    );
    // The whole fleet once the first rows are in: its pages would otherwise queue at the gateway
    // (and for the browser's six connections) beside the first page.
    void firstPaint(signal, summary).then(() => {
      if (signal.aborted) return;
      getServices(api, signal).then(
        (services) => {
          if (signal.aborted) return;
          release(() => store.replaceAll(services));
          setState({ status: 'ready', loadedAt: now() });
        },
        (error: unknown) => {
          if (signal.aborted || isAbort(error)) return;
          // Live events still apply to whatever data we have; a snapshot will refill an empty store.
          release();
          setState({ status: 'error', error, loadedAt: state.loadedAt });
        },
      );
    });
  }

  function catchUp() {
    if (!started) return; // the first load, when it starts, reads everything
    if (inFlight) return; // the answer in flight is at least as new
    if (revision === null || !store.complete) return load();
    const signal = begin();
    getServiceChanges(api, revision, signal).then(
      (changes) => {
        if (signal.aborted) return;
        release(() => store.applyChanges(changes.changed, changes.removed));
        revision = changes.revision;
        setState({ status: 'ready', loadedAt: now() });
      },
      (error: unknown) => {
        if (signal.aborted || isAbort(error)) return;
        inFlight = false;
        // Too old for the gateway's memory: list again (live events stay held until then).
        if (isApiError(error) && error.status === 410) return load();
        release();
        setState({ status: 'error', error, loadedAt: state.loadedAt });
      },
    );
  }

  if (started) load();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload() {
      started = true;
      load();
    },
    start() {
      if (started) return;
      started = true;
      load();
    },
    stop() {
      controller?.abort();
      unsubscribe();
      unsubscribeConfig();
      unsubscribeConnection();
      batcher.dispose();
    },
  };
}
