import type { AlertRecord } from './alert-store.js';
import { SQL_TYPES, type SqlDatabase } from './sql-dialect.js';

/**
 * The columns of a row of `alerts`, as both the SQLite and the Postgres store write them: the
 * record is JSON text, the other columns are what queries filter on (times in ms).
 */
export interface AlertColumns {
  id: string;
  serviceId: string;
  state: string;
  since: number;
  resolvedAt: number | null;
  record: string;
}

export function alertColumns(record: AlertRecord): AlertColumns {
  const { alert } = record;
  return {
    id: alert.id,
    serviceId: alert.service.id,
    state: alert.state,
    since: Date.parse(alert.since),
    resolvedAt: alert.resolvedAt === undefined ? null : Date.parse(alert.resolvedAt),
    record: JSON.stringify(record),
  };
}

/** An `alerts` row's record column back as the record. */
export const alertRecordOf = (row: { record: string }): AlertRecord =>
  JSON.parse(row.record) as AlertRecord;

/**
 * Step 1 of the alerts domain, the same table on both databases: the record is JSON text,
 * columns filter. Applied steps never change: append new ones.
 */
export function alertsTable(database: SqlDatabase): string {
  const { ms, sortedId } = SQL_TYPES[database];
  return `CREATE TABLE alerts (
    id ${sortedId} PRIMARY KEY,
    service_id TEXT NOT NULL,
    state TEXT NOT NULL,
    since ${ms} NOT NULL,
    resolved_at ${ms},
    record TEXT NOT NULL
  );
  CREATE INDEX alerts_state ON alerts (state);
  CREATE INDEX alerts_service ON alerts (service_id, since);`;
}
