import type { ApiClient, Identity, PanelContext, PanelNavigation } from '@aether/contract';
import { PANEL_CONTEXT_VERSION } from '@aether/contract/panel-runtime';
import { createEventHub, type EventHub } from './event-hub';
import { createMemoryNavigation } from './memory-navigation';

export interface HarnessOptions {
  /** The panel's registry id; navigation hrefs live under /p/<panelId>. */
  panelId: string;
  api: ApiClient;
  events?: EventHub;
  /** Defaults to navigation kept in memory, starting at `path`. */
  navigation?: PanelNavigation;
  /** Panel-relative path to start at, for the default in-memory navigation. */
  path?: string;
  user?: Identity;
  theme?: 'dark' | 'light';
}

export type HarnessContext = PanelContext & {
  events: EventHub;
  /** Switches the signed-in user as the shell would after a login elsewhere (tests). */
  setUser(user: Identity): void;
};

/**
 * A PanelContext like the shell's, assembled from parts, for standalone dev and tests (never in a
 * federated module). Login and logout go to the gateway's session endpoints as the shell's do.
 */
export function createHarnessContext({
  panelId,
  api,
  events = createEventHub(),
  path = '/',
  navigation = createMemoryNavigation(path, `/p/${panelId}`),
  user = { name: 'dev', role: 'operator', authenticated: true },
  theme = 'dark',
}: HarnessOptions): HarnessContext {
  let current = user;
  const listeners = new Set<(user: Identity) => void>();
  const setUser = (next: Identity) => {
    current = next;
    for (const listener of [...listeners]) listener(next);
  };
  return {
    contextVersion: PANEL_CONTEXT_VERSION,
    panel: { id: panelId, version: 'dev' },
    api,
    auth: {
      get user() {
        return current;
      },
      async login(token) {
        const identity = await api.post<Identity>('/api/session', { body: { token } });
        setUser(identity);
        return identity;
      },
      async logout() {
        await api.delete('/api/session');
        setUser(await api.get<Identity>('/api/session'));
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    events,
    navigation,
    theme,
    setUser,
  };
}
