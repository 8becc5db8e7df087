import type { ApiClient, Panel } from '@aether/contract';
import { createApiClient } from './contract-runtime';
import { firstReadsDone, inlinedRegistry, withEarlyAnswers } from './early-requests';
import { withSharedReads } from './shared-reads';
import { createAuthStore, type AuthStore } from './auth/auth-store';
import { createEventHub, type EventHub } from './events/event-hub';
import { createLocationStore, type LocationStore } from './navigation/location-store';
import { createRegistryStore, type RegistryStore } from './panels/registry-store';
import { createThemeStore, type ThemeStore } from './theme/theme-store';

/** Everything the shell owns and shares with panels; main wires the real ones, tests their own. */
export interface ShellServices {
  gatewayUrl: string;
  api: ApiClient;
  auth: AuthStore;
  events: EventHub;
  location: LocationStore;
  theme: ThemeStore;
  registry: RegistryStore;
  /** Backoff of automatic panel retries, in ms. */
  retryDelaysMs: number[];
  /**
   * Settles when the reads the page named for its first paint are answered (early-requests.ts);
   * what the first paint does not need waits for it. Absent: nothing to wait for.
   */
  firstReads?: Promise<void>;
}

export interface ShellServicesOptions {
  gatewayUrl: string;
  fetchImpl?: typeof fetch;
  /** The registry the page carried (default: read from the document, see inlinedRegistry). */
  inlinedPanels?: Panel[];
  EventSourceImpl?: typeof EventSource;
  retryDelaysMs?: number[];
  eventReconnectDelaysMs?: number[];
}

export function createShellServices({
  gatewayUrl,
  fetchImpl,
  inlinedPanels = inlinedRegistry(gatewayUrl),
  EventSourceImpl,
  retryDelaysMs,
  eventReconnectDelaysMs,
}: ShellServicesOptions): ShellServices {
  // A GET asked again while the same one is in flight shares it (the shell's and the panel's
  // reads of one thing on a cold load); the first of a URL the page started early takes that answer.
  const api = createApiClient(
    gatewayUrl,
    withSharedReads(withEarlyAnswers(fetchImpl ?? ((...args) => fetch(...args)), gatewayUrl)),
  );
  const events = createEventHub({
    // No snapshot of the whole fleet at the start (~5 MB at 10,000 services, on the gateway's loop
    // and the page's while the first rows load): every consumer reads its own first state (the
    // health list a page, the Now view the failing services, the title the summary) and catches
    // up when the stream comes back.
    url: `${gatewayUrl}/api/events?snapshot=false`,
    EventSourceImpl,
    reconnectDelaysMs: eventReconnectDelaysMs,
  });
  const firstReads = firstReadsDone(gatewayUrl);
  return {
    gatewayUrl,
    api,
    auth: createAuthStore(api),
    events,
    location: createLocationStore(),
    theme: createThemeStore(),
    registry: createRegistryStore(api, events, inlinedPanels, firstReads),
    retryDelaysMs: retryDelaysMs ?? [1_000, 2_000, 4_000, 8_000, 15_000, 30_000],
    firstReads,
  };
}
