import { useSyncExternalStore } from 'react';
import type { PanelNavigation } from '@aether/contract';

/** The panel-relative path, re-rendering when the shell (or the user) navigates. */
export function usePanelPath(navigation: PanelNavigation): string {
  return useSyncExternalStore(
    (listener) => navigation.subscribe(listener),
    () => navigation.path,
  );
}
