import type { ConnectionState, PanelEvents } from '@aether/contract';

/**
 * Calls `listener` each time the event stream is live again after a drop or a refusal (offline:
 * signed out, gateway down) — not on its first opening, which brings no news. The shell's stream
 * starts without a snapshot (?snapshot=false), so a store whose read failed reads again here,
 * where a snapshot used to refill it.
 */
export function onStreamBack(
  events: Pick<PanelEvents, 'connection' | 'onConnectionChange'>,
  listener: () => void,
): () => void {
  let previous: ConnectionState = events.connection;
  let wasLive = previous === 'live';
  return events.onConnectionChange((connection) => {
    const back =
      connection === 'live' && previous !== 'live' && (wasLive || previous === 'offline');
    if (connection === 'live') wasLive = true;
    previous = connection;
    if (back) listener();
  });
}
