import type { PanelNavigation } from '@aether/contract';

/** Panel navigation on the browser's address bar under a prefix, as the shell does it (standalone dev). */
export function createBrowserNavigation(prefix: string): PanelNavigation {
  const listeners = new Set<(path: string) => void>();
  const current = () => {
    const { pathname, search } = window.location;
    const inside = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '/';
    return `${inside || '/'}${search}`;
  };
  window.addEventListener('popstate', () => listeners.forEach((l) => l(current())));
  return {
    get path() {
      return current();
    },
    navigate(path, options) {
      const url = `${prefix}${path === '/' ? '' : path}`;
      if (options?.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
      listeners.forEach((l) => l(current()));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    href: (path) => `${prefix}${path === '/' ? '' : path}`,
  };
}
