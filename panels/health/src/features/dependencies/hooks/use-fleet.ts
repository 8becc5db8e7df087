import { useMemo, useSyncExternalStore } from 'react';
import type { ServiceSummary } from '@aether/contract';
import { useFleetSource } from '../fleet-source';
import { dependencyIndexOf, type DependencyIndex } from '../dependency-index';
import { groupOutages, type Outages } from '../outage-groups';

/** One service, live: re-renders when that service changes and no other. */
export function useLiveService(id: string): ServiceSummary | undefined {
  const fleet = useFleetSource();
  return useSyncExternalStore(
    (listener) => fleet.subscribeService(id, listener),
    () => fleet.getService(id),
  );
}

/** The dependency graph, rebuilt only when membership (or a dependsOn) changes, never per render. */
export function useDependencyIndex(): DependencyIndex {
  const fleet = useFleetSource();
  const members = useSyncExternalStore(
    (listener) => fleet.subscribe(listener),
    () => fleet.getMembers(),
  );
  return dependencyIndexOf(members);
}

/** The outage grouped by root cause, regrouped when a status or root cause changes (not on latency). */
export function useOutages(): Outages {
  const fleet = useFleetSource();
  const version = useSyncExternalStore(
    (listener) => fleet.subscribe(listener),
    () => fleet.structureVersion(),
  );
  return useMemo(
    () =>
      groupOutages(
        fleet.getIds().map((id) => fleet.getService(id)!),
        (id) => fleet.getService(id),
      ),
    // version is the store's signal that what groupOutages reads has changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fleet, version],
  );
}
