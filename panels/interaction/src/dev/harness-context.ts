import {
  PANEL_CONTEXT_VERSION,
  type AetherEvent,
  type ApiClient,
  type ConnectionState,
  type Identity,
  type PanelContext,
  type PanelEvents,
} from '@aether/contract';

/** The shell's single event stream, replaced by an in-process hub that tests and the dev mock feed. */
export function createEventHub(): PanelEvents & { emit(event: AetherEvent): void } {
  const listeners = new Set<{ types: string[] | '*'; listener: (event: AetherEvent) => void }>();
  let lastEventAt: number | null = null;
  return {
    connection: 'live' as ConnectionState,
    get lastEventAt() {
      return lastEventAt;
    },
    subscribe(types, listener) {
      const entry = { types, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    onConnectionChange: () => () => undefined,
    emit(event) {
      lastEventAt = Date.now();
      for (const { types, listener } of listeners)
        if (types === '*' || types.includes(event.type)) listener(event);
    },
  };
}

export interface HarnessOptions {
  api: ApiClient;
  user: Identity;
  events?: ReturnType<typeof createEventHub>;
  /** Panel-relative path to start at. */
  path?: string;
  /** Mirror navigation into the browser's address bar under /p/interaction (dev server). */
  history?: boolean;
  theme?: 'dark' | 'light';
}

const PREFIX = '/p/interaction';

/** A PanelContext like the shell's, for running the panel alone and for tests. Not part of the federated module. */
export function createHarnessContext(
  options: HarnessOptions,
): PanelContext & { events: ReturnType<typeof createEventHub> } {
  const { api } = options;
  let user = options.user;
  const userListeners = new Set<(user: Identity) => void>();
  const setUser = (next: Identity) => {
    user = next;
    for (const listener of userListeners) listener(next);
  };

  let path = options.path ?? '/';
  const pathListeners = new Set<(path: string) => void>();
  const setPath = (next: string, replace = false) => {
    path = next.startsWith('/') ? next : `/${next}`;
    if (options.history)
      window.history[replace ? 'replaceState' : 'pushState'](
        null,
        '',
        `${PREFIX}${path === '/' ? '' : path}`,
      );
    for (const listener of pathListeners) listener(path);
  };
  if (options.history) {
    window.addEventListener('popstate', () => {
      path = window.location.pathname.slice(PREFIX.length) + window.location.search || '/';
      for (const listener of pathListeners) listener(path);
    });
  }

  return {
    contextVersion: PANEL_CONTEXT_VERSION,
    panel: { id: 'interaction', version: 'dev' },
    api,
    theme: options.theme ?? 'dark',
    events: options.events ?? createEventHub(),
    auth: {
      get user() {
        return user;
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
        userListeners.add(listener);
        return () => userListeners.delete(listener);
      },
    },
    navigation: {
      get path() {
        return path;
      },
      navigate: (next, navigateOptions) => setPath(next, navigateOptions?.replace),
      subscribe(listener) {
        pathListeners.add(listener);
        return () => pathListeners.delete(listener);
      },
      href: (to) => `${PREFIX}${to === '/' ? '' : to}`,
    },
  };
}
