import { createContext, useContext } from 'react';
import type { PanelContext } from '@aether/contract';

const Context = createContext<PanelContext | null>(null);

export const PanelContextProvider = Context.Provider;

/** The shell's panel context: the only way this panel talks to the gateway, the user and the URL. */
export function usePanelContext(): PanelContext {
  const context = useContext(Context);
  if (!context) throw new Error('usePanelContext must be used inside <InteractionPanel>');
  return context;
}
