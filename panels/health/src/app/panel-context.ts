import { createContext, useContext } from 'react';
import type { PanelContext } from '@aether/contract';

/** The shell's panel context, handed down so any component can reach the api, auth, events or navigation. */
export const PanelContextReact = createContext<PanelContext | null>(null);

export function usePanelContext(): PanelContext {
  const context = useContext(PanelContextReact);
  if (!context) throw new Error('usePanelContext must be used inside <HealthPanel>');
  return context;
}
