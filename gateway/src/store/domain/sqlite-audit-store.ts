import type Database from 'better-sqlite3';
import type { AuditEntry } from '@aether/contract';
import { migrate } from '../migrate.js';
import { AUDIT_SCAN_PAGE, auditPageOf, auditWhere, scanInPages } from './audit-reads.js';
import {
  AUDIT_COLUMNS,
  AUDIT_MIGRATIONS,
  auditEntryOf,
  auditRowValues,
  type AuditRow,
} from './audit-schema.js';
import type {
  AuditFilter,
  AuditMark,
  AuditMarkName,
  AuditPage,
  AuditScanFilter,
  AuditStore,
  AuditTail,
} from './audit-store.js';

const NO_DELETE_TRIGGER = `CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`;

/** The audit trail in the shared SQLite file; triggers refuse updates and deletes. */
export class SqliteAuditStore implements AuditStore {
  private readonly append_: (link: (tail: AuditTail | undefined) => AuditEntry) => AuditEntry;

  constructor(private readonly db: Database.Database) {
    migrate(db, 'audit', AUDIT_MIGRATIONS);
    const insert = db.prepare(
      `INSERT INTO audit (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`,
    );
    const last = db.prepare<[], AuditTail>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
    // Reading the tail and inserting after it in one transaction keeps the chain linear.
    this.append_ = db.transaction((link: (tail: AuditTail | undefined) => AuditEntry) => {
      const entry = link(last.get());
      insert.run(auditRowValues(entry));
      return entry;
    });
  }

  async appendLinked(link: (tail: AuditTail | undefined) => AuditEntry): Promise<AuditEntry> {
    return this.append_(link);
  }

  async page(filter: AuditFilter): Promise<AuditPage> {
    const { where, values } = auditWhere(filter, () => '?');
    const rows = this.db
      .prepare<unknown[], AuditRow>(`SELECT * FROM audit ${where} ORDER BY id DESC LIMIT ?`)
      .all(...values, filter.limit + 1);
    return auditPageOf(rows, filter.limit);
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
    this.writeMark(name, mark);
  }

  async archiveThrough(boundary: AuditMark): Promise<number> {
    // The delete guard is lifted only inside this transaction, for rows the caller has exported.
    return this.db.transaction(() => {
      this.db.exec('DROP TRIGGER audit_no_delete');
      const removed = this.db.prepare('DELETE FROM audit WHERE id <= ?').run(boundary.id).changes;
      this.db.exec(NO_DELETE_TRIGGER);
      this.writeMark('boundary', boundary);
      return removed;
    })();
  }

  scan(filter: AuditScanFilter = {}): AsyncGenerator<AuditEntry> {
    const { where, values } = auditWhere(filter, () => '?', { afterId: true });
    const page = this.db.prepare<unknown[], AuditRow>(
      `SELECT * FROM audit ${where} ORDER BY id LIMIT ${AUDIT_SCAN_PAGE}`,
    );
    return scanInPages((after) => page.all(...values, after));
  }

  private writeMark(name: AuditMarkName, mark: AuditMark): void {
    this.db
      .prepare(
        'INSERT INTO audit_marks (name, id, hash, mac) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET id = excluded.id, hash = excluded.hash, mac = excluded.mac',
      )
      .run(name, mark.id, mark.hash, mark.mac);
  }
}
