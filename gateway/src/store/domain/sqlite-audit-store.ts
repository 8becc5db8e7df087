import type Database from 'better-sqlite3';
import type { AuditEntry } from '@aether/contract';
import { migrate } from '../migrate.js';
import { AUDIT_MIGRATIONS, auditEntryOf, auditRowOf, type AuditRow } from './audit-schema.js';
import type {
  AuditFilter,
  AuditMark,
  AuditMarkName,
  AuditPage,
  AuditScanFilter,
  AuditStore,
  AuditTail,
} from './audit-store.js';

const SCAN_PAGE = 500;
const NO_DELETE_TRIGGER = `CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`;

/** The audit trail in the shared SQLite file; triggers refuse updates and deletes. */
export class SqliteAuditStore implements AuditStore {
  private readonly append_: (link: (tail: AuditTail | undefined) => AuditEntry) => AuditEntry;

  constructor(private readonly db: Database.Database) {
    migrate(db, 'audit', AUDIT_MIGRATIONS);
    const insert = db.prepare(
      `INSERT INTO audit (id, at, actor, role, action, service_id, operation_id, target, params, outcome, http_status, duration_ms, reason, approval_id, prev_hash, hash)
       VALUES (@id, @at, @actor, @role, @action, @service_id, @operation_id, @target, @params, @outcome, @http_status, @duration_ms, @reason, @approval_id, @prev_hash, @hash)`,
    );
    const last = db.prepare<[], AuditTail>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
    // Reading the tail and inserting after it in one transaction keeps the chain linear.
    this.append_ = db.transaction((link: (tail: AuditTail | undefined) => AuditEntry) => {
      const entry = link(last.get());
      insert.run(auditRowOf(entry));
      return entry;
    });
  }

  async appendLinked(link: (tail: AuditTail | undefined) => AuditEntry): Promise<AuditEntry> {
    return this.append_(link);
  }

  async page(filter: AuditFilter): Promise<AuditPage> {
    const { where, args } = conditions(filter);
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    const rows = this.db
      .prepare<Record<string, unknown>, AuditRow>(sql)
      .all({ ...args, limit: filter.limit + 1 });
    const more = rows.length > filter.limit;
    const entries = rows.slice(0, filter.limit).map(auditEntryOf);
    return { entries, nextBefore: more ? entries[entries.length - 1]!.id : null };
  }

  async slice(after: number, through: number, limit: number): Promise<AuditEntry[]> {
    return this.db
      .prepare<[number, number, number], AuditRow>(
        'SELECT * FROM audit WHERE id > ? AND id <= ? ORDER BY id LIMIT ?',
      )
      .all(after, through, limit)
      .map(auditEntryOf);
  }

  async tail(): Promise<AuditTail | undefined> {
    return this.db
      .prepare<[], AuditTail>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1')
      .get();
  }

  async get(id: number): Promise<AuditEntry | undefined> {
    const row = this.db.prepare<[number], AuditRow>('SELECT * FROM audit WHERE id = ?').get(id);
    return row && auditEntryOf(row);
  }

  async mark(name: AuditMarkName): Promise<AuditMark | undefined> {
    return this.db
      .prepare<[string], AuditMark>('SELECT id, hash, mac FROM audit_marks WHERE name = ?')
      .get(name);
  }

  async setMark(name: AuditMarkName, mark: AuditMark): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO audit_marks (name, id, hash, mac) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET id = excluded.id, hash = excluded.hash, mac = excluded.mac',
      )
      .run(name, mark.id, mark.hash, mark.mac);
  }

  async archiveThrough(boundary: AuditMark): Promise<number> {
    // The delete guard is lifted only inside this transaction, for rows the caller has exported.
    return this.db.transaction(() => {
      this.db.exec('DROP TRIGGER audit_no_delete');
      const removed = this.db.prepare('DELETE FROM audit WHERE id <= ?').run(boundary.id).changes;
      this.db.exec(NO_DELETE_TRIGGER);
      this.db
        .prepare(
          "INSERT INTO audit_marks (name, id, hash, mac) VALUES ('boundary', ?, ?, ?) ON CONFLICT (name) DO UPDATE SET id = excluded.id, hash = excluded.hash, mac = excluded.mac",
        )
        .run(boundary.id, boundary.hash, boundary.mac);
      return removed;
    })();
  }

  async *scan(filter: AuditScanFilter = {}): AsyncGenerator<AuditEntry> {
    const { where, args } = conditions(filter);
    where.push('id > @after');
    const page = this.db.prepare<Record<string, unknown>, AuditRow>(
      `SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${SCAN_PAGE}`,
    );
    let after = 0;
    for (;;) {
      const rows = page.all({ ...args, after });
      for (const row of rows) yield auditEntryOf(row);
      if (rows.length < SCAN_PAGE) return;
      after = rows[rows.length - 1]!.id;
    }
  }
}

function conditions(filter: Omit<AuditFilter, 'limit'>): {
  where: string[];
  args: Record<string, unknown>;
} {
  const where: string[] = [];
  const args: Record<string, unknown> = {};
  const add = (sql: string, name: string, value: unknown) => {
    where.push(sql);
    args[name] = value;
  };
  if (filter.service) add('service_id = @service', 'service', filter.service);
  if (filter.actor) add('actor = @actor', 'actor', filter.actor);
  // `at` is stored as UTC ISO text, so comparing normalised instants as text orders them right
  if (filter.from) add('at >= @from', 'from', new Date(filter.from).toISOString());
  if (filter.to) add('at <= @to', 'to', new Date(filter.to).toISOString());
  if (filter.before) add('id < @before', 'before', filter.before);
  return { where, args };
}
