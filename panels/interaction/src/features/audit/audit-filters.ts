import type { AuditEntry } from '@aether/contract';

/** The trail's filters as they sit in the panel URL (/audit?service=…&actor=…&from=…&to=…), ISO instants. */
export interface AuditFilters {
  service?: string;
  actor?: string;
  from?: string;
  to?: string;
}

const KEYS = ['service', 'actor', 'from', 'to'] as const;

export function filtersFromQuery(query: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of KEYS) {
    const value = query.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

export function filtersToQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) query.set(key, filters[key]!);
  return query;
}

/** Whether a live entry belongs in the filtered view, with the gateway's semantics (from/to inclusive). */
export function matchesFilters(entry: AuditEntry, filters: AuditFilters): boolean {
  const at = Date.parse(entry.at);
  return (
    (!filters.service || entry.serviceId === filters.service) &&
    (!filters.actor || entry.actor === filters.actor) &&
    (!filters.from || at >= Date.parse(filters.from)) &&
    (!filters.to || at <= Date.parse(filters.to))
  );
}

/** `<input type="datetime-local">` speaks local time without a zone; the API speaks UTC instants. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
