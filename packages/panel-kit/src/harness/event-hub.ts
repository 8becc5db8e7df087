import type { AetherEvent, ConnectionState, EventName, PanelEvents } from '@aether/contract';

/** PanelEvents driven by hand: what the shell's SSE fan-out does, for standalone dev and tests. */
export interface EventHub extends PanelEvents {
  emit(event: AetherEvent): void;
  setConnection(state: ConnectionState): void;
  listenerCount(): number;
}

export function createEventHub(now: () => number = Date.now): EventHub {
  const listeners = new Set<{ types: EventName[] | '*'; listener: (event: AetherEvent) => void }>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = 'live';
  let lastEventAt: number | null = null;
  return {
    get connection() {
      return connection;
    },
    get lastEventAt() {
      return lastEventAt;
    },
    subscribe(types, listener) {
      const entry = { types, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    emit(event) {
      lastEventAt = now();
      for (const { types, listener } of [...listeners])
        if (types === '*' || types.includes(event.type)) listener(event);
    },
    setConnection(state) {
      connection = state;
      connectionListeners.forEach((l) => l(state));
    },
    listenerCount: () => listeners.size,
  };
}
