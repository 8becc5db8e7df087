import type { AetherEvent, ConnectionState, PanelEvents } from '@aether/contract';
import { createEventFanOut } from '../event-fan-out';

/** PanelEvents driven by hand: what the shell's SSE fan-out does, for standalone dev and tests. */
export interface EventHub extends PanelEvents {
  emit(event: AetherEvent): void;
  setConnection(state: ConnectionState): void;
  listenerCount(): number;
}

export function createEventHub(now: () => number = Date.now): EventHub {
  const fanOut = createEventFanOut({ connection: 'live', now });
  // Onto `events` itself, so its getters stay live.
  return Object.assign(fanOut.events, {
    emit(event: AetherEvent) {
      fanOut.touch();
      fanOut.dispatch(event);
    },
    setConnection: fanOut.setConnection,
    listenerCount: fanOut.listenerCount,
  });
}
