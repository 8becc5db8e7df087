import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Approval, InvokeResponse, Role } from '@aether/contract';
import { migrate } from '../store/migrate.js';
import { APPROVAL_MIGRATIONS } from './approval-schema.js';

/** An approval as stored: the contract's shape plus the requester's role, which the audit entry of the run needs. */
export type StoredApproval = Approval & { requestedRole: Role | null };

export interface NewApproval {
  serviceId: string;
  operationId: string;
  title: string;
  /** The validated params the operation will run with once approved. */
  params: Record<string, unknown>;
  requestedBy: string;
  requestedRole: Role | null;
  requestedAt: number;
  expiresAt: number;
  required: number;
}

interface ApprovalRow {
  id: string;
  service_id: string;
  operation_id: string;
  title: string;
  params: string;
  requested_by: string;
  requested_role: Role | null;
  requested_at: number;
  expires_at: number;
  required: number;
  approvals: string;
  status: Approval['status'];
  decided_by: string | null;
  decided_at: number | null;
  result: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The four-eyes queue in SQLite, so a pending request survives a restart. It only stores state;
 * who may decide what is the engine's business.
 */
export class ApprovalStore {
  constructor(private readonly db: Database.Database) {
    migrate(db, 'approvals', APPROVAL_MIGRATIONS);
  }

  /** The requester's own confirmation is the first of the `required` approvals. */
  create(input: NewApproval): StoredApproval {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO approvals (id, service_id, operation_id, title, params, requested_by, requested_role, requested_at, expires_at, required, approvals, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
      )
      .run(
        id,
        input.serviceId,
        input.operationId,
        input.title,
        JSON.stringify(input.params),
        input.requestedBy,
        input.requestedRole,
        input.requestedAt,
        input.expiresAt,
        input.required,
        JSON.stringify([{ actor: input.requestedBy, at: iso(input.requestedAt) }]),
      );
    return this.get(id)!;
  }

  get(id: string): StoredApproval | undefined {
    const row = this.db
      .prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE id = ?')
      .get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Pending first, then the most recent decisions. */
  list(limit = 200): StoredApproval[] {
    return this.db
      .prepare<[number], ApprovalRow>(
        `SELECT * FROM approvals ORDER BY status = 'pending' DESC, requested_at DESC LIMIT ?`,
      )
      .all(limit)
      .map(fromRow);
  }

  /** Pending approvals whose time is up at `now`. */
  due(now: number): StoredApproval[] {
    return this.db
      .prepare<[number], ApprovalRow>(
        `SELECT * FROM approvals WHERE status = 'pending' AND expires_at <= ?`,
      )
      .all(now)
      .map(fromRow);
  }

  addApproval(id: string, actor: string, at: number): StoredApproval {
    const current = this.get(id)!;
    const approvals = [...current.approvals, { actor, at: iso(at) }];
    this.db
      .prepare(`UPDATE approvals SET approvals = ? WHERE id = ? AND status = 'pending'`)
      .run(JSON.stringify(approvals), id);
    return this.get(id)!;
  }

  /** Moves a pending approval to its final status; false when it was no longer pending. */
  decide(
    id: string,
    status: 'approved' | 'rejected' | 'expired',
    by: string | null,
    at: number,
  ): boolean {
    const changed = this.db
      .prepare(
        `UPDATE approvals SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'`,
      )
      .run(status, by, at, id).changes;
    return changed === 1;
  }

  setResult(id: string, result: InvokeResponse): StoredApproval {
    this.db.prepare('UPDATE approvals SET result = ? WHERE id = ?').run(JSON.stringify(result), id);
    return this.get(id)!;
  }
}

function fromRow(row: ApprovalRow): StoredApproval {
  return {
    id: row.id,
    serviceId: row.service_id,
    operationId: row.operation_id,
    title: row.title,
    params: JSON.parse(row.params) as Record<string, unknown>,
    requestedBy: row.requested_by,
    requestedRole: row.requested_role,
    requestedAt: iso(row.requested_at),
    expiresAt: iso(row.expires_at),
    approvals: JSON.parse(row.approvals) as Approval['approvals'],
    required: row.required,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
    result: row.result === null ? null : (JSON.parse(row.result) as InvokeResponse),
  };
}
