import type { AetherEvent, ConnectionState, EventName, PanelEvents } from '@aether/contract';

/** The listening side of PanelEvents (`events`), and what the source of the events calls. */
export interface EventFanOut {
  /** What listeners see: subscribe, connection state, last heard from; nothing to send with. */
  events: PanelEvents;
  /** Hands an event to every subscriber of its type (or of '*'), in subscription order. */
  dispatch(event: AetherEvent): void;
  /** Sets the connection state and tells every connection listener, even when it is unchanged. */
  setConnection(state: ConnectionState): void;
  /** Records that the source is alive now (`events.lastEventAt`). */
  touch(): void;
  listenerCount(): number;
}

/**
 * Who listens to which events, the connection state and when the source was last heard from:
 * once for the shell's SSE hub and the harness's hand-driven one, so both answer PanelEvents
 * alike. Without `onListenerError` a listener's throw reaches the caller of `dispatch` (tests);
 * the shell logs it instead, so one panel's bad listener does not starve the others.
 */
export function createEventFanOut({
  connection: initial,
  now = Date.now,
  onListenerError,
}: {
  connection: ConnectionState;
  now?: () => number;
  onListenerError?: (error: unknown, event: AetherEvent) => void;
}): EventFanOut {
  type Subscriber = { types: Set<EventName> | '*'; listener: (event: AetherEvent) => void };
  const subscribers = new Set<Subscriber>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let connection = initial;
  let lastEventAt: number | null = null;
  const events: PanelEvents = {
    get connection() {
      return connection;
    },
    get lastEventAt() {
      return lastEventAt;
    },
    subscribe(types, listener) {
      const subscriber: Subscriber = { types: types === '*' ? '*' : new Set(types), listener };
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
  return {
    events,
    dispatch(event) {
      for (const subscriber of [...subscribers]) {
        if (subscriber.types !== '*' && !subscriber.types.has(event.type)) continue;
        if (!onListenerError) subscriber.listener(event);
        else
          try {
            subscriber.listener(event);
          } catch (error) {
            onListenerError(error, event);
          }
      }
    },
    setConnection(state) {
      connection = state;
      for (const listener of [...connectionListeners]) listener(state);
    },
    touch() {
      lastEventAt = now();
    },
    listenerCount: () => subscribers.size,
  };
}
