import type { PanelNavigation } from '@aether/contract';

export interface MemoryNavigation extends PanelNavigation {
  readonly history: readonly string[];
}

/** Panel navigation kept in memory (tests); `history` records every path, replaced ones overwritten. */
export function createMemoryNavigation(initial: string, prefix: string): MemoryNavigation {
  const history = [initial];
  const listeners = new Set<(path: string) => void>();
  return {
    get path() {
      return history[history.length - 1]!;
    },
    get history() {
      return history;
    },
    navigate(to, options) {
      const path = to.startsWith('/') ? to : `/${to}`;
      if (options?.replace) history[history.length - 1] = path;
      else history.push(path);
      listeners.forEach((l) => l(path));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    href: (path) => `${prefix}${path === '/' ? '' : path}`,
  };
}
