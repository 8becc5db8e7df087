import type { AlertRecord } from './alert-store.js';

/**
 * The columns of a row of `alerts`, as both the SQLite and the Postgres store write them: the
 * record is JSON text, the other columns are what queries filter on (times in ms). Each store
 * keeps its own CREATE TABLE.
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
