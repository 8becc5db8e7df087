import { useCallback, useSyncExternalStore } from 'react';
import { usePanelContext } from '../app/panel-context';

/** The panel-relative path (e.g. "/audit?actor=bob"), following the shell's navigation. */
export function usePanelPath(): string {
  const { navigation } = usePanelContext();
  const subscribe = useCallback(
    (onChange: () => void) => navigation.subscribe(() => onChange()),
    [navigation],
  );
  return useSyncExternalStore(subscribe, () => navigation.path);
}
