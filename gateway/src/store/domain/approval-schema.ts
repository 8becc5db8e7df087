import type { Approval, InvokeResponse, Role } from '@aether/contract';
import type { NewApproval, StoredApproval } from './approval-store.js';
import { SQL_TYPES, type SqlDatabase } from '../sql-dialect.js';

/**
 * Step 1 of the approvals domain on both databases, which differ only in the type of the ms
 * times (INTEGER on SQLite, BIGINT on Postgres). Applied steps never change: append new ones.
 */
export const approvalsTable = (database: SqlDatabase) =>
  `CREATE TABLE approvals (
     id TEXT PRIMARY KEY,
     service_id TEXT NOT NULL,
     operation_id TEXT NOT NULL,
     title TEXT NOT NULL,
     params TEXT NOT NULL,
     requested_by TEXT NOT NULL,
     requested_role TEXT,
     requested_at ${SQL_TYPES[database].ms} NOT NULL,
     expires_at ${SQL_TYPES[database].ms} NOT NULL,
     required INTEGER NOT NULL,
     approvals TEXT NOT NULL,
     status TEXT NOT NULL,
     decided_by TEXT,
     decided_at ${SQL_TYPES[database].ms},
     result TEXT
   );
   CREATE INDEX approvals_status ON approvals (status, expires_at);`;

/** Tables of the approvals domain on SQLite, applied in order by the store's migrate(). */
export const APPROVAL_MIGRATIONS = [approvalsTable('sqlite')];

/** A row of `approvals` as both the SQLite and the Postgres store read it (times in ms). */
export interface ApprovalRow {
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

export const iso = (ms: number) => new Date(ms).toISOString();

/** The values of a new pending approval, in the column order of both stores' INSERT. */
export function approvalInsertValues(id: string, input: NewApproval): unknown[] {
  return [
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
  ];
}

export function approvalFromRow(row: ApprovalRow): StoredApproval {
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
