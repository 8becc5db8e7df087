import { useMemo } from 'react';
import type { AuditEntry, AuditPage } from '@aether/contract';
import { useIdentity, usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { getRecentAudit } from '../api/audit-api';

export interface AuditFacets {
  services: string[];
  actors: string[];
}

/** The services and actors present in the trail (its newest 1,000 entries and live ones), sorted. */
export function facetsOf(entries: readonly AuditEntry[]): AuditFacets {
  const services = new Set<string>();
  const actors = new Set<string>();
  for (const entry of entries) {
    if (entry.serviceId) services.add(entry.serviceId);
    actors.add(entry.actor);
  }
  const sorted = (values: Set<string>) => [...values].sort((a, b) => a.localeCompare(b));
  return { services: sorted(services), actors: sorted(actors) };
}

/** What the filters offer to choose from: values the trail holds, not free text. */
export function useAuditFacets(enabled: boolean): AuditFacets {
  const { api } = usePanelContext();
  const user = useIdentity();
  const recent = useQuery<AuditPage>(enabled ? `audit-facets:${user.name}` : null, (signal) =>
    getRecentAudit(api, signal),
  );
  usePanelEvent('audit', (entry) =>
    recent.update((page) => ({ ...page, entries: [entry, ...page.entries] })),
  );
  const entries = recent.status === 'success' ? recent.data.entries : undefined;
  return useMemo(() => facetsOf(entries ?? []), [entries]);
}
