import { useState } from 'react';
import type { AuditPage } from '@aether/contract';
import { useIdentity, usePanelContext, usePanelEvent, useQuery } from '@aether/panel-kit';
import { filtersToQuery, matchesFilters, type AuditFilters } from '../audit-filters';
import { getAuditPage } from '../api/audit-api';

/** Newest entries first; older pages appended with `before`; live `audit` events prepended when they match. */
export function useAuditTrail(filters: AuditFilters, enabled: boolean) {
  const { api } = usePanelContext();
  const user = useIdentity();
  const key = enabled ? `audit:${user.name}:${filtersToQuery(filters)}` : null;
  const trail = useQuery<AuditPage>(key, (signal) => getAuditPage(api, filters, undefined, signal));
  const [older, setOlder] = useState<{
    key: string | null;
    status: 'idle' | 'loading' | 'error';
    error?: unknown;
  }>({ key, status: 'idle' });
  const olderState = older.key === key ? older : { key, status: 'idle' as const };

  usePanelEvent('audit', (entry) => {
    if (!matchesFilters(entry, filters)) return;
    trail.update((page) =>
      page.entries.some((e) => e.id === entry.id)
        ? page
        : { ...page, entries: [entry, ...page.entries] },
    );
  });

  const loadOlder = async () => {
    if (trail.status !== 'success' || trail.data.nextBefore === null) return;
    setOlder({ key, status: 'loading' });
    try {
      const page = await getAuditPage(api, filters, trail.data.nextBefore);
      trail.update((current) => ({
        entries: [...current.entries, ...page.entries],
        nextBefore: page.nextBefore,
      }));
      setOlder({ key, status: 'idle' });
    } catch (error) {
      setOlder({ key, status: 'error', error });
    }
  };

  return { trail, older: olderState, loadOlder };
}
