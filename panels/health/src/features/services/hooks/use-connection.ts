import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';

/** The shell's live connection state; lastEventAt is read alongside for the age of the data. */
export function useConnection(): { state: ConnectionState; lastEventAt: number | null } {
  const { events } = usePanelContext();
  const state = useSyncExternalStore(
    (listener) => events.onConnectionChange(listener),
    () => events.connection,
  );
  return { state, lastEventAt: events.lastEventAt };
}
