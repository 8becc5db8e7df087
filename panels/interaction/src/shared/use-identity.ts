import { useCallback, useSyncExternalStore } from 'react';
import type { Identity } from '@aether/contract';
import { usePanelContext } from '../app/panel-context';

/** The signed-in user and role, following login and logout in the shell. */
export function useIdentity(): Identity {
  const { auth } = usePanelContext();
  // Called through `auth`, not detached, in case the shell's auth is a class instance.
  const subscribe = useCallback((onChange: () => void) => auth.subscribe(() => onChange()), [auth]);
  return useSyncExternalStore(subscribe, () => auth.user);
}
