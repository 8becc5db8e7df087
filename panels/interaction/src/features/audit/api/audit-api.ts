import type { ApiClient, AuditPage, AuditVerification } from '@aether/contract';
import { filtersToQuery, type AuditFilters } from '../audit-filters';

export const AUDIT_PAGE_SIZE = 50;

export function getAuditPage(
  api: ApiClient,
  filters: AuditFilters,
  before: number | undefined,
  signal?: AbortSignal,
): Promise<AuditPage> {
  return api.get<AuditPage>('/api/audit', {
    query: { ...filters, before, limit: AUDIT_PAGE_SIZE },
    signal,
  });
}

export function verifyAudit(api: ApiClient, signal: AbortSignal): Promise<AuditVerification> {
  return api.get<AuditVerification>('/api/audit/verify', { signal });
}

/** A plain link the browser downloads with the session cookie: the whole filtered trail as NDJSON. */
export function auditExportHref(api: ApiClient, filters: AuditFilters): string {
  const query = filtersToQuery(filters);
  query.set('format', 'ndjson');
  return `${api.baseUrl.replace(/\/$/, '')}/api/audit?${query}`;
}

/** The newest entries, unfiltered: where the filters' lists of services and actors come from. */
export function getRecentAudit(api: ApiClient, signal: AbortSignal): Promise<AuditPage> {
  return api.get<AuditPage>('/api/audit', { query: { limit: FACETS_SAMPLE }, signal });
}

/** The API's largest page. */
const FACETS_SAMPLE = 1000;
