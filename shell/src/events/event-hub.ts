import type { AetherEvent, ConnectionState, EventName, PanelEvents } from '@aether/contract';
import { createEventFanOut } from '@aether/panel-kit';
import { EVENT_NAMES } from '../contract-runtime';

export interface EventHubOptions {
  url: string;
  EventSourceImpl?: typeof EventSource;
  now?: () => number;
  /** Delays before reopening a stream the browser gave up on (it retries the rest by itself). */
  reconnectDelaysMs?: number[];
  /** Consecutive errors after which we say "offline" rather than "reconnecting". */
  offlineAfterErrors?: number;
}

export interface EventHub extends PanelEvents {
  start(): void;
  stop(): void;
  /** Closes and reopens the stream, e.g. after the session changed. */
  restart(): void;
}

/**
 * The shell's single connection to GET /api/events, fanned out to every subscriber
 * (shell and panels alike), so N panels never mean N streams.
 */
export function createEventHub({
  url,
  EventSourceImpl = globalThis.EventSource,
  now = Date.now,
  reconnectDelaysMs = [1_000, 2_000, 5_000, 10_000, 30_000],
  offlineAfterErrors = 3,
}: EventHubOptions): EventHub {
  // Subscribers, connection state and last-heard time: panel-kit's fan-out, as the harness's.
  const fanOut = createEventFanOut({
    connection: 'reconnecting',
    now,
    // One panel's bad listener must not starve the others.
    onListenerError: (error, event) =>
      console.error(`[aether] event listener failed on "${event.type}"`, error),
  });
  let source: EventSource | undefined;
  let errors = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  /** Id of the newest event received: a stream we reopen ourselves resumes after it. */
  let lastId: string | null = null;

  const setConnection = (next: ConnectionState) => {
    if (next !== fanOut.events.connection) fanOut.setConnection(next);
  };

  const deliver = (type: EventName, message: MessageEvent<string>) => {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return; // a malformed frame is dropped, the stream stays up
    }
    fanOut.touch();
    errors = 0;
    setConnection('live');
    if (message.lastEventId) lastId = message.lastEventId;
    const event = { id: message.lastEventId || null, type, data } as AetherEvent;
    fanOut.dispatch(event);
  };

  const open = () => {
    if (!EventSourceImpl) {
      setConnection('offline');
      return;
    }
    // The browser resumes its own reconnects with Last-Event-ID; a new EventSource (after the
    // browser gave up, or restart() after a sign-in) says where to resume in the query instead,
    // so events in the gap are replayed (or a snapshot comes when the gap is too old).
    const from = lastId === null ? '' : `${url.includes('?') ? '&' : '?'}lastEventId=${lastId}`;
    const es = new EventSourceImpl(`${url}${from}`, { withCredentials: true });
    source = es;
    es.onopen = () => {
      errors = 0;
      fanOut.touch();
      setConnection('live');
    };
    es.onerror = () => {
      errors += 1;
      if (es.readyState === EventSourceImpl.CLOSED) {
        // The browser gave up (non-200, wrong type): reopen ourselves with backoff.
        setConnection('offline');
        const delay =
          reconnectDelaysMs[Math.min(errors - 1, reconnectDelaysMs.length - 1)] ?? 30_000;
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (running && source === es) open();
        }, delay);
      } else {
        setConnection(errors >= offlineAfterErrors ? 'offline' : 'reconnecting');
      }
    };
    for (const type of EVENT_NAMES)
      es.addEventListener(type, (message) => deliver(type, message as MessageEvent<string>));
  };

  // Onto the fan-out's `events` itself, so its getters stay live.
  return Object.assign(fanOut.events, {
    start() {
      if (running) return;
      running = true;
      open();
    },
    stop() {
      running = false;
      clearTimeout(timer);
      source?.close();
      source = undefined;
    },
    restart() {
      this.stop();
      this.start();
    },
  });
}
