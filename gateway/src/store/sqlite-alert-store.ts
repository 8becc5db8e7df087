import type Database from 'better-sqlite3';
import type { Alert } from '../alerting/types.js';
import type { AlertFilter, AlertRecord, AlertStore } from './alert-store.js';
import { migrate } from './migrate.js';
import { alertColumns, alertRecordOf, alertsTable } from './alert-rows.js';

export class SqliteAlertStore implements AlertStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    migrate(db, 'alerts', [alertsTable('sqlite')]);
    this.statements = {
      save: db.prepare(
        `INSERT INTO alerts (id, service_id, state, since, resolved_at, record)
         VALUES (@id, @serviceId, @state, @since, @resolvedAt, @record)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state,
           resolved_at = excluded.resolved_at, record = excluded.record`,
      ),
      get: db.prepare('SELECT record FROM alerts WHERE id = ?'),
      unresolved: db.prepare(
        "SELECT record FROM alerts WHERE state != 'resolved' ORDER BY since, id",
      ),
      prune: db.prepare("DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?"),
    };
  }

  async save(records: readonly AlertRecord[]): Promise<void> {
    const { save } = this.statements;
    this.db.transaction(() => {
      for (const record of records) save.run(alertColumns(record));
    })();
  }

  async get(id: string): Promise<AlertRecord | undefined> {
    const row = this.statements.get.get(id) as { record: string } | undefined;
    return row ? alertRecordOf(row) : undefined;
  }

  async unresolved(): Promise<AlertRecord[]> {
    return (this.statements.unresolved.all() as { record: string }[]).map(alertRecordOf);
  }

  async list(filter: AlertFilter): Promise<Alert[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 500 };
    if (filter.states) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map((_, i) => `@s${i}`).join(', ')})`);
      filter.states.forEach((state, i) => (params[`s${i}`] = state));
    }
    if (filter.serviceId !== undefined) {
      where.push('service_id = @serviceId');
      params.serviceId = filter.serviceId;
    }
    const rows = this.db
      .prepare(
        `SELECT record FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY since DESC, id LIMIT @limit`,
      )
      .all(params) as { record: string }[];
    return rows.map((row) => alertRecordOf(row).alert);
  }

  async prune(beforeMs: number): Promise<number> {
    return this.statements.prune.run(beforeMs).changes;
  }
}
