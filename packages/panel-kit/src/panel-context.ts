import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useSyncExternalStore,
} from 'react';
import type { EventName, EventPayload, Identity, PanelContext } from '@aether/contract';

const Context = createContext<PanelContext | null>(null);

/** Hands the shell's panel context down, so any component can reach api, auth, events or navigation. */
export const PanelContextProvider = Context.Provider;

/** The shell's panel context: the only way a panel talks to the gateway, the user and the URL. */
export function usePanelContext(): PanelContext {
  const context = useContext(Context);
  if (!context) throw new Error('usePanelContext must be used inside <PanelContextProvider>');
  return context;
}

/** The panel-relative path (e.g. "/audit?actor=bob"), re-rendering when the shell navigates. */
export function usePanelPath(): string {
  const { navigation } = usePanelContext();
  // Called through `navigation`, not detached, in case the shell's is a class instance.
  const subscribe = useCallback(
    (onChange: () => void) => navigation.subscribe(() => onChange()),
    [navigation],
  );
  return useSyncExternalStore(subscribe, () => navigation.path);
}

/** The signed-in user and role, following login and logout in the shell. */
export function useIdentity(): Identity {
  const { auth } = usePanelContext();
  const subscribe = useCallback((onChange: () => void) => auth.subscribe(() => onChange()), [auth]);
  return useSyncExternalStore(subscribe, () => auth.user);
}

/** Runs `listener` for every live event of `type` from the shell's single event stream. */
export function usePanelEvent<E extends EventName>(
  type: E,
  listener: (data: EventPayload<E>) => void,
): void {
  const { events } = usePanelContext();
  const listenerRef = useRef(listener);
  useEffect(() => {
    listenerRef.current = listener;
  });
  useEffect(
    () =>
      events.subscribe(
        [type],
        (event) => event.type === type && listenerRef.current(event.data as EventPayload<E>),
      ),
    [events, type],
  );
}
