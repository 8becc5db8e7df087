import {
  PANEL_CONTEXT_VERSION,
  type ApiClient,
  type Identity,
  type PanelContext,
  type PanelNavigation,
} from '@aether/contract';
import type { EventHub } from './event-hub';

/** A PanelContext assembled from parts, for standalone dev and tests (never shipped in the remote). */
export function createHarnessContext({
  api,
  events,
  navigation,
  user = { name: 'dev', role: 'operator', authenticated: true },
  theme = 'dark',
}: {
  api: ApiClient;
  events: EventHub;
  navigation: PanelNavigation;
  user?: Identity;
  theme?: 'dark' | 'light';
}): PanelContext & { setUser(user: Identity): void } {
  let current = user;
  const listeners = new Set<(user: Identity) => void>();
  const setUser = (next: Identity) => {
    current = next;
    listeners.forEach((l) => l(next));
  };
  return {
    contextVersion: PANEL_CONTEXT_VERSION,
    panel: { id: 'health', version: 'dev' },
    api,
    auth: {
      get user() {
        return current;
      },
      async login() {
        setUser({ name: 'operator', role: 'operator', authenticated: true });
        return current;
      },
      async logout() {
        setUser({ name: 'anonymous', role: 'viewer', authenticated: false });
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
