import type { ApiClient, Panel } from '@aether/contract';
import type { EventHub } from '../events/event-hub';

export interface RegistryState {
  status: 'loading' | 'ready' | 'error';
  panels: Panel[];
  error?: Error;
  /**
   * Bumped every time the registry (GET /api/panels) or a `panels` event announces the list,
   * even unchanged: a failed panel takes it as its cue to try again.
   */
  generation: number;
}

export interface RegistryStore {
  getState(): RegistryState;
  subscribe(listener: () => void): () => void;
  /** Reads GET /api/panels (at start, unless the page carried the registry: `start`). */
  load(): Promise<void>;
  /** The start's read: none when the registry came with the page (read when the stream opens). */
  start(): Promise<void>;
  dispose(): void;
}

/**
 * The panel registry as the shell sees it: fetched at start, then kept current by `panels` events.
 * Started from a registry the page carried (`inlined`, read by the page's server moments ago), it
 * is ready at once and reads GET /api/panels when the stream first opens instead: that read covers
 * whatever changed between the server's read and the stream, which tells every change after it.
 */
export function createRegistryStore(
  api: ApiClient,
  events: EventHub,
  inlined?: Panel[],
  /**
   * The page's first reads (ShellServices.firstReads): the read that confirms the page's copy
   * waits for them — on a cold load the stream opens while they still wait at the gateway.
   */
  firstReads?: Promise<void>,
): RegistryStore {
  let disposed = false;
  let state: RegistryState = inlined
    ? { status: 'ready', panels: inlined, generation: 1 }
    : { status: 'loading', panels: [], generation: 0 };
  /** Started from the page's copy and not read from the gateway since. */
  let unconfirmed = inlined !== undefined;
  const listeners = new Set<() => void>();
  const set = (next: Partial<RegistryState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  const announce = (panels: Panel[]) =>
    set({ status: 'ready', panels, error: undefined, generation: state.generation + 1 });

  const load = async () => {
    try {
      announce(await api.get<Panel[]>('/api/panels'));
      unconfirmed = false;
    } catch (error) {
      // Keep the panels we knew: a gateway blip must not unmount working panels.
      set({ status: state.panels.length ? 'ready' : 'error', error: error as Error });
    }
  };

  const unsubscribeEvents = events.subscribe(['panels'], (event) => {
    if (event.type === 'panels') announce(event.data.panels);
  });
  // Back from offline: ask again, the registry may have changed while we were away. The stream's
  // first opening is no return (the registry was just read; a second read would wait in line with
  // the first page's requests), unless that read failed or the registry came with the page.
  let previous = events.connection;
  let wasLive = previous === 'live';
  const unsubscribeConnection = events.onConnectionChange((connection) => {
    if (
      connection === 'live' &&
      previous !== 'live' &&
      state.status !== 'loading' &&
      (wasLive || state.status === 'error' || unconfirmed)
    ) {
      if (!wasLive && unconfirmed && firstReads)
        void firstReads.then(() => {
          if (!disposed && unconfirmed) void load();
        });
      else void load();
    }
    if (connection === 'live') wasLive = true;
    previous = connection;
  });

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load,
    start: () => (inlined ? Promise.resolve() : load()),
    dispose() {
      disposed = true;
      unsubscribeEvents();
      unsubscribeConnection();
    },
  };
}
