export interface LocationStore {
  /** pathname + search of the current location. */
  get(): string;
  navigate(url: string, options?: { replace?: boolean }): void;
  subscribe(listener: (url: string) => void): () => void;
}

/** The browser location through the history API; no router library needed for /p/<panel>/… */
export function createLocationStore(win: Window = window): LocationStore {
  const listeners = new Set<(url: string) => void>();
  const current = () => `${win.location.pathname}${win.location.search}`;
  const notify = () => {
    const url = current();
    for (const listener of listeners) listener(url);
  };
  win.addEventListener('popstate', notify);
  return {
    get: current,
    navigate(url, options) {
      if (url === current()) return;
      if (options?.replace) win.history.replaceState(null, '', url);
      else win.history.pushState(null, '', url);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type Route =
  | { kind: 'now' }
  | { kind: 'overview' }
  | { kind: 'panel'; panelId: string; path: string }
  | { kind: 'not-found'; url: string };

/** "/p/status/services/orders?x=1" → { panel status, path "/services/orders?x=1" }. */
export function parseRoute(url: string): Route {
  const [pathname = '/', search = ''] = url.split(/(?=\?)/);
  if (pathname === '/' || pathname === '') return { kind: 'now' };
  if (pathname === '/panels') return { kind: 'overview' };
  const match = /^\/p\/([a-z][a-z0-9-]*)(\/.*)?$/.exec(pathname);
  if (!match) return { kind: 'not-found', url };
  return { kind: 'panel', panelId: match[1]!, path: `${match[2] ?? '/'}${search}` };
}

/** The absolute URL of a panel-relative path. */
export function panelHref(panelId: string, path = '/'): string {
  const relative = path.startsWith('/') ? path : `/${path}`;
  return `/p/${panelId}${relative}`;
}
