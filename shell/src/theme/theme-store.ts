export type Theme = 'dark' | 'light';

const KEY = 'aether.theme';

export interface ThemeStore {
  get(): Theme;
  set(theme: Theme): void;
  subscribe(listener: (theme: Theme) => void): () => void;
}

/** Dark by default; the choice is remembered and mirrored on <html data-theme>. */
export function createThemeStore(
  root: HTMLElement = document.documentElement,
  storage: Storage | undefined = globalThis.localStorage,
): ThemeStore {
  const listeners = new Set<(theme: Theme) => void>();
  let theme: Theme = storage?.getItem(KEY) === 'light' ? 'light' : 'dark';
  root.dataset.theme = theme;
  return {
    get: () => theme,
    set(next) {
      theme = next;
      root.dataset.theme = next;
      storage?.setItem(KEY, next);
      for (const listener of listeners) listener(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
