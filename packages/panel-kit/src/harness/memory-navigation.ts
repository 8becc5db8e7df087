import type { PanelNavigation } from '@aether/contract';
import { linkTo } from '../panel-links';

export interface MemoryNavigation extends PanelNavigation {
  readonly history: readonly string[];
  /** Other panels' pages opened through `declared(…).open()`, as absolute hrefs. */
  readonly opened: readonly string[];
}

/**
 * Panel navigation kept in memory (tests); `history` records every path, replaced ones
 * overwritten. `declared` plays the other panels' `links`: kind → absolute template
 * ("/p/interaction/services/:id/operations/:operation?dryRun=1").
 */
export function createMemoryNavigation(
  initial: string,
  prefix: string,
  declared: Record<string, string> = {},
): MemoryNavigation {
  const history = [initial];
  const opened: string[] = [];
  const listeners = new Set<(path: string) => void>();
  return {
    get path() {
      return history[history.length - 1]!;
    },
    get history() {
      return history;
    },
    get opened() {
      return opened;
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
    declared: async (kind, id, operation) => {
      const template = declared[kind];
      if (template === undefined) return null;
      const href = id === undefined ? template : linkTo(template, id, operation);
      return { href, open: () => void opened.push(href) };
    },
  };
}
