import { randomUUID } from 'node:crypto';
import type { Approval, InvokeResponse } from '@aether/contract';
import type {
  ApprovalDecisionStatus,
  ApprovalStore,
  NewApproval,
  StoredApproval,
} from '../domain/approval-store.js';
import {
  approvalFromRow as fromRow,
  approvalInsertValues,
  approvalsTable,
  iso,
  type ApprovalRow,
} from '../domain/approval-schema.js';
import { PgStore, pgStoreOpener } from './pg-store.js';
import { inTransaction } from './pg-transaction.js';

/**
 * The four-eyes queue in Postgres (table `approvals`): a request made on one gateway can be
 * approved on another. JSON is kept as text, exactly as written.
 */
export class PgApprovalStore extends PgStore implements ApprovalStore {
  /** Migrates the approvals domain (append-only steps, see pg-migrate.ts) and returns the store. */
  static readonly open = pgStoreOpener('approvals', [approvalsTable('postgres')], PgApprovalStore);

  async create(input: NewApproval): Promise<StoredApproval> {
    const { rows } = await this.pool.query<ApprovalRow>(
      `INSERT INTO approvals (id, service_id, operation_id, title, params, requested_by, requested_role, requested_at, expires_at, required, approvals, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending') RETURNING *`,
      approvalInsertValues(randomUUID(), input),
    );
    return fromRow(rows[0]!);
  }

  async get(id: string): Promise<StoredApproval | undefined> {
    const { rows } = await this.pool.query<ApprovalRow>('SELECT * FROM approvals WHERE id = $1', [
      id,
    ]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(limit = 200): Promise<StoredApproval[]> {
    const { rows } = await this.pool.query<ApprovalRow>(
      `SELECT * FROM approvals ORDER BY status = 'pending' DESC, requested_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(fromRow);
  }

  async due(now: number): Promise<StoredApproval[]> {
    const { rows } = await this.pool.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE status = 'pending' AND expires_at <= $1`,
      [now],
    );
    return rows.map(fromRow);
  }

  async addApproval(id: string, actor: string, at: number): Promise<StoredApproval | undefined> {
    // The row lock makes two approvers on two gateways take turns, so both count.
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<ApprovalRow>(
        'SELECT * FROM approvals WHERE id = $1 FOR UPDATE',
        [id],
      );
      const current = rows[0];
      if (!current) return undefined;
      if (current.status !== 'pending') return fromRow(current);
      const approvals = [
        ...(JSON.parse(current.approvals) as Approval['approvals']),
        { actor, at: iso(at) },
      ];
      const updated = await client.query<ApprovalRow>(
        'UPDATE approvals SET approvals = $1 WHERE id = $2 RETURNING *',
        [JSON.stringify(approvals), id],
      );
      return fromRow(updated.rows[0]!);
    });
  }

  async decide(
    id: string,
    status: ApprovalDecisionStatus,
    by: string | null,
    at: number,
  ): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE approvals SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'pending'`,
      [status, by, at, id],
    );
    return rowCount === 1;
  }

  async setResult(id: string, result: InvokeResponse): Promise<StoredApproval | undefined> {
    const { rows } = await this.pool.query<ApprovalRow>(
      'UPDATE approvals SET result = $1 WHERE id = $2 RETURNING *',
      [JSON.stringify(result), id],
    );
    return rows[0] && fromRow(rows[0]);
  }
}
