import { useSyncExternalStore } from 'react';
import type { Identity, Role } from '@aether/contract';
import { usePanelContext } from './panel-context';

export function useUser(): Identity {
  const { auth } = usePanelContext();
  return useSyncExternalStore(
    (listener) => auth.subscribe(listener),
    () => auth.user,
  );
}

const OPERATORS: ReadonlyArray<Role | null> = ['operator', 'admin'];

/** Verify runs checks now: the gateway allows it from the operator role up. */
export function useCanVerify(): boolean {
  return OPERATORS.includes(useUser().role);
}
