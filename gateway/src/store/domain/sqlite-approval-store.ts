import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { InvokeResponse } from '@aether/contract';
import { migrate } from '../migrate.js';
import {
  APPROVAL_MIGRATIONS,
  approvalFromRow as fromRow,
  approvalInsertValues,
  iso,
  type ApprovalRow,
} from './approval-schema.js';
import type {
  ApprovalDecisionStatus,
  ApprovalStore,
  NewApproval,
  StoredApproval,
} from './approval-store.js';

/** The four-eyes queue in the shared SQLite file (table `approvals`). */
export class SqliteApprovalStore implements ApprovalStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'approvals', APPROVAL_MIGRATIONS);
  }

  async create(input: NewApproval): Promise<StoredApproval> {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO approvals (id, service_id, operation_id, title, params, requested_by, requested_role, requested_at, expires_at, required, approvals, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
      )
      .run(...approvalInsertValues(id, input));
    return this.read(id)!;
  }

  async get(id: string): Promise<StoredApproval | undefined> {
    return this.read(id);
  }

  async list(limit = 200): Promise<StoredApproval[]> {
    return this.db
      .prepare<[number], ApprovalRow>(
        `SELECT * FROM approvals ORDER BY status = 'pending' DESC, requested_at DESC LIMIT ?`,
      )
      .all(limit)
      .map(fromRow);
  }

  async due(now: number): Promise<StoredApproval[]> {
    return this.db
      .prepare<[number], ApprovalRow>(
        `SELECT * FROM approvals WHERE status = 'pending' AND expires_at <= ?`,
      )
      .all(now)
      .map(fromRow);
  }

  async addApproval(id: string, actor: string, at: number): Promise<StoredApproval | undefined> {
    // read and write in one transaction, so two approvers at once both count
    return this.db.transaction(() => {
      const current = this.read(id);
      if (!current) return undefined;
      const approvals = [...current.approvals, { actor, at: iso(at) }];
      this.db
        .prepare(`UPDATE approvals SET approvals = ? WHERE id = ? AND status = 'pending'`)
        .run(JSON.stringify(approvals), id);
      return this.read(id);
    })();
  }

  async decide(
    id: string,
    status: ApprovalDecisionStatus,
    by: string | null,
    at: number,
  ): Promise<boolean> {
    const changed = this.db
      .prepare(
        `UPDATE approvals SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'`,
      )
      .run(status, by, at, id).changes;
    return changed === 1;
  }

  async setResult(id: string, result: InvokeResponse): Promise<StoredApproval | undefined> {
    this.db.prepare('UPDATE approvals SET result = ? WHERE id = ?').run(JSON.stringify(result), id);
    return this.read(id);
  }

  private read(id: string): StoredApproval | undefined {
    const row = this.db
      .prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE id = ?')
      .get(id);
    return row ? fromRow(row) : undefined;
  }
}
