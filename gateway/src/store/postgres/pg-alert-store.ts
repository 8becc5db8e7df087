import type { Alert } from '../../alerting/types.js';
import type { AlertFilter, AlertRecord, AlertStore } from '../alert-store.js';
import { alertColumns, alertRecordOf, alertsTable } from '../alert-rows.js';
import { PgStore, pgStoreOpener } from './pg-store.js';

/** Alerts in Postgres (table `alerts`), shared by every gateway of a system. */
export class PgAlertStore extends PgStore implements AlertStore {
  /** Migrates the alerts domain and returns the store. */
  static readonly open = pgStoreOpener('alerts', [alertsTable('postgres')], PgAlertStore);

  async save(records: readonly AlertRecord[]): Promise<void> {
    // One statement for the whole batch (an outage changes a thousand alerts at once). An upsert
    // may not touch a row twice, so the last record of each id is kept first: the same outcome as
    // writing them in order.
    const last = new Map<string, AlertRecord>();
    for (const record of records) last.set(record.alert.id, record);
    if (last.size === 0) return;
    const batch = [...last.values()].map(alertColumns);
    await this.pool.query(
      `INSERT INTO alerts (id, service_id, state, since, resolved_at, record)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])
       ON CONFLICT (id) DO UPDATE SET state = excluded.state,
         resolved_at = excluded.resolved_at, record = excluded.record`,
      [
        batch.map((c) => c.id),
        batch.map((c) => c.serviceId),
        batch.map((c) => c.state),
        batch.map((c) => c.since),
        batch.map((c) => c.resolvedAt),
        batch.map((c) => c.record),
      ],
    );
  }

  async get(id: string): Promise<AlertRecord | undefined> {
    const { rows } = await this.pool.query<{ record: string }>(
      'SELECT record FROM alerts WHERE id = $1',
      [id],
    );
    return rows[0] && alertRecordOf(rows[0]);
  }

  async unresolved(): Promise<AlertRecord[]> {
    const { rows } = await this.pool.query<{ record: string }>(
      `SELECT record FROM alerts WHERE state <> 'resolved' ORDER BY since, id`,
    );
    return rows.map(alertRecordOf);
  }

  async list(filter: AlertFilter): Promise<Alert[]> {
    const where: string[] = [];
    const values: unknown[] = [filter.limit ?? 500];
    if (filter.states) {
      if (filter.states.length === 0) return [];
      values.push([...filter.states]);
      where.push(`state = ANY ($${values.length}::text[])`);
    }
    if (filter.serviceId !== undefined) {
      values.push(filter.serviceId);
      where.push(`service_id = $${values.length}`);
    }
    const { rows } = await this.pool.query<{ record: string }>(
      `SELECT record FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY since DESC, id LIMIT $1`,
      values,
    );
    return rows.map((row) => alertRecordOf(row).alert);
  }

  async prune(beforeMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < $1`,
      [beforeMs],
    );
    return rowCount ?? 0;
  }
}
