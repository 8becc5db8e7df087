import type { AuditEntry } from '@aether/contract';
import { auditEntryOf, type AuditRow } from './audit-schema.js';
import type { AuditFilter, AuditPage } from './audit-store.js';

/** Rows a scan reads per query. */
export const AUDIT_SCAN_PAGE = 500;

/**
 * The WHERE of an audit filter (empty when it filters nothing), the same on SQLite and Postgres:
 * each value in `values`, bound by `placeholder(n)` (the n-th, from 1). With `afterId`, a last
 * condition `id > ` the value a scan appends per page.
 */
export function auditWhere(
  filter: Omit<AuditFilter, 'limit'>,
  placeholder: (n: number) => string,
  { afterId = false } = {},
): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(`${condition} ${placeholder(values.length)}`);
  };
  if (filter.service) add('service_id =', filter.service);
  if (filter.actor) add('actor =', filter.actor);
  // `at` is stored as UTC ISO text, so comparing normalised instants as text orders them right
  if (filter.from) add('at >=', new Date(filter.from).toISOString());
  if (filter.to) add('at <=', new Date(filter.to).toISOString());
  if (filter.before) add('id <', filter.before);
  if (afterId) conditions.push(`id > ${placeholder(values.length + 1)}`);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', values };
}

/** The page of newest-first rows read with LIMIT `limit + 1`: the extra row says more match. */
export function auditPageOf(rows: readonly AuditRow[], limit: number): AuditPage {
  const entries = rows.slice(0, limit).map(auditEntryOf);
  return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
}

/**
 * Every entry of a scan, oldest first: `readAfter(id)` reads the next AUDIT_SCAN_PAGE rows with
 * an id above `id`, until a page comes back short.
 */
export async function* scanInPages(
  readAfter: (id: number) => readonly AuditRow[] | Promise<readonly AuditRow[]>,
): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await readAfter(after);
    for (const row of rows) yield auditEntryOf(row);
    if (rows.length < AUDIT_SCAN_PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}
