import { createContext, useContext } from 'react';
import type { ServiceSummary } from '@aether/contract';

/**
 * What this feature reads of the panel's live fleet: the services store, handed in by the panel
 * (app/), since features never import each other. The store keeps it current from the shell's
 * event stream, so every view here is live without requests of its own.
 */
export interface FleetSource {
  /** Something to show: a first page or the whole fleet. */
  readonly loaded: boolean;
  /** The whole fleet is here, not just a first page: until then reverse edges may be missing. */
  readonly complete: boolean;
  getService(id: string): ServiceSummary | undefined;
  getIds(): readonly string[];
  /** The same array until services come, go or change name, group, tags or dependsOn. */
  getMembers(): readonly ServiceSummary[];
  /** Moves when membership, a status or a root cause changes. */
  structureVersion(): number;
  subscribe(listener: () => void): () => void;
  subscribeService(id: string, listener: () => void): () => void;
}

export const FleetSourceContext = createContext<FleetSource | null>(null);

export function useFleetSource(): FleetSource {
  const fleet = useContext(FleetSourceContext);
  if (!fleet) throw new Error('useFleetSource must be used inside <FleetSourceContext>');
  return fleet;
}
