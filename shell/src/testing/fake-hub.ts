import type { ConnectionState } from '@aether/contract';
import type { EventHub } from '../events/event-hub';

/**
 * A hub whose connection state the test sets, as the real one does from its EventSource; no event
 * is ever sent (the stream has no snapshot). For stores that react to the stream coming back.
 */
export function fakeHub() {
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
