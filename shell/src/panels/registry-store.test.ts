import { describe, expect, it } from 'vitest';
import type { ApiClient, ConnectionState } from '@aether/contract';
import type { EventHub } from '../events/event-hub';
import { createRegistryStore } from './registry-store';

/** A hub whose connection state the test sets, as the real one does from its EventSource. */
function fakeHub() {
  const listeners = new Set<(state: ConnectionState) => void>();
  const hub = {
    connection: 'reconnecting' as ConnectionState,
    lastEventAt: null,
    subscribe: () => () => {},
    onConnectionChange(listener: (state: ConnectionState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {},
    stop() {},
    restart() {},
  };
  const set = (state: ConnectionState) => {
    hub.connection = state;
    listeners.forEach((l) => l(state));
  };
  return { hub: hub as EventHub, set };
}

describe('registry store: reading GET /api/panels again when the stream connects', () => {
  it.each<[string, 'ok' | 'fails', ConnectionState[], number]>([
    ['not on the first opening after a good read', 'ok', ['live'], 1],
    ['after a drop and a return', 'ok', ['live', 'reconnecting', 'live'], 2],
    ['after being offline', 'ok', ['live', 'offline', 'live'], 2],
    ['on the first opening when the first read failed', 'fails', ['live'], 2],
  ])('reads again %s', async (_, first, states, reads) => {
    let asked = 0;
    const api = {
      get: () => {
        asked += 1;
        return asked === 1 && first === 'fails'
          ? Promise.reject(new Error('gateway down'))
          : Promise.resolve([]);
      },
    } as unknown as ApiClient;
    const { hub, set } = fakeHub();
    const store = createRegistryStore(api, hub);
    await store.load();
    for (const state of states) set(state);
    await Promise.resolve();
    expect(asked).toBe(reads);
    store.dispose();
  });
});
