import type { Approval, InvokeResponse, Role } from '@aether/contract';

/**
 * An approval as stored: the contract's shape plus the requester's role, which the audit entry of
 * the run needs; without the shown request, which the view builds from the params when asked.
 */
export type StoredApproval = Omit<Approval, 'request'> & { requestedRole: Role | null };

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

export type ApprovalDecisionStatus = 'approved' | 'rejected' | 'expired';

/**
 * The four-eyes queue, stored so a pending request survives a restart. It only keeps state; who
 * may decide what is the operations engine's business.
 */
export interface ApprovalStore {
  /** The requester's own confirmation is the first of the `required` approvals. */
  create(input: NewApproval): Promise<StoredApproval>;
  get(id: string): Promise<StoredApproval | undefined>;
  /** Pending first, then the most recent requests. */
  list(limit?: number): Promise<StoredApproval[]>;
  /** Pending approvals whose time is up at `now`. */
  due(now: number): Promise<StoredApproval[]>;
  /** Adds an approval to a pending request; undefined when there is no such request. */
  addApproval(id: string, actor: string, at: number): Promise<StoredApproval | undefined>;
  /** Moves a pending approval to its final status; false when it was no longer pending. */
  decide(
    id: string,
    status: ApprovalDecisionStatus,
    by: string | null,
    at: number,
  ): Promise<boolean>;
  setResult(id: string, result: InvokeResponse): Promise<StoredApproval | undefined>;
}
