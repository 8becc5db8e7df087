import type { Approval, InvokeResponse } from '@aether/contract';
import type { Caller } from '../auth/identity.js';
import type { Clock } from '../clock.js';
import { notFound, refuse } from '../domain/refusal.js';
import type { ApprovalStore, StoredApproval } from '../store/domain/approval-store.js';
import { executeOperation } from './execute-operation.js';
import type { OperationAudit, Subject } from './operation-audit.js';
import { limitKey, type OperationCatalog, type OperationTarget } from './operation-catalog.js';
import type { OperationLimiter } from './operation-limiter.js';
import type { AnswerStatusOf } from './operation-outcomes.js';
import type { Prepared } from './prepare-operation.js';

export const APPROVAL_TTL_MS = 15 * 60_000;

export interface ApprovalDecisionsDeps {
  clock: Clock;
  approvals: ApprovalStore;
  catalog: OperationCatalog;
  limiter: OperationLimiter;
  audit: OperationAudit;
  statusOf: AnswerStatusOf;
  prepare(
    target: OperationTarget,
    params: Record<string, unknown>,
    subject: Subject,
  ): Promise<Prepared>;
  approvalTtlMs: number;
}

/**
 * Four eyes: a confirmed invoke of an operation with `approvals: N` waits here until N operators
 * (the requester first) agree; the last approval runs it. Requests expire unanswered.
 */
export class ApprovalDecisions {
  constructor(private readonly deps: ApprovalDecisionsDeps) {}

  /** Queues a confirmed request; the requester's confirmation is its first approval. */
  async request(
    caller: Caller,
    target: OperationTarget,
    params: Record<string, unknown>,
    subject: Subject,
  ): Promise<InvokeResponse> {
    const now = this.deps.clock.now();
    const { op } = target;
    const approval = await this.deps.approvals.create({
      serviceId: target.service.id,
      operationId: op.id,
      title: op.title,
      params,
      requestedBy: caller.name,
      requestedRole: caller.role,
      requestedAt: now,
      expiresAt: now + this.deps.approvalTtlMs,
      required: op.approvals,
    });
    const entry = await this.deps.audit.record({
      ...subject,
      action: 'invoke',
      outcome: 'pending',
      httpStatus: this.deps.statusOf({ kind: 'pending-approval' }),
      durationMs: null,
      reason: `waiting for ${op.approvals - 1} more approval(s)`,
      approvalId: approval.id,
    });
    this.deps.audit.announce(approval, target);
    return { outcome: 'pending-approval', auditId: entry.id, approvalId: approval.id };
  }

  /** The queue, pending first; expired requests are marked as such on the way. */
  async list(): Promise<Approval[]> {
    await this.expireDue();
    return (await this.deps.approvals.list()).map((a) => this.deps.audit.approvalView(a));
  }

  async approve(caller: Caller, approvalId: string): Promise<Approval> {
    const { approval, target, subject } = await this.decidable(caller, approvalId);
    const { audit, approvals } = this.deps;
    if (approval.requestedBy === caller.name) {
      await audit.refuse(
        subject,
        refuse('forbidden', 'You cannot approve your own request; another operator must', {
          code: 'self-approval',
          title: 'Forbidden',
        }),
        approvalId,
      );
    }
    if (approval.approvals.some((a) => a.actor === caller.name)) {
      await audit.refuse(
        subject,
        refuse('conflict', 'You have already approved this request; another operator must', {
          code: 'already-approved',
          title: 'Already approved',
        }),
        approvalId,
      );
    }
    const now = this.deps.clock.now();
    let updated = (await approvals.addApproval(approvalId, caller.name, now))!;
    await audit.record({
      ...subject,
      action: 'approve',
      outcome: 'ok',
      httpStatus: null,
      durationMs: null,
      reason: null,
      approvalId,
    });
    if (
      updated.approvals.length < updated.required ||
      !(await approvals.decide(approvalId, 'approved', caller.name, now))
    ) {
      audit.announce(updated, target);
      return audit.approvalView(updated);
    }
    updated = (await approvals.get(approvalId))!;
    audit.announce(updated, target);
    const result = await this.run(approval, target, subject);
    updated = (await approvals.setResult(approvalId, result))!;
    audit.announce(updated, target);
    return audit.approvalView(updated);
  }

  async reject(caller: Caller, approvalId: string): Promise<Approval> {
    const { approval, target, subject } = await this.decidable(caller, approvalId);
    const { audit, approvals } = this.deps;
    if (!(await approvals.decide(approvalId, 'rejected', caller.name, this.deps.clock.now()))) {
      await audit.refuse(
        subject,
        refuse('conflict', 'This request was decided meanwhile', {
          code: 'already-decided',
          title: 'Already decided',
        }),
        approvalId,
      );
    }
    await audit.record({
      ...subject,
      action: 'reject',
      outcome: 'ok',
      httpStatus: null,
      durationMs: null,
      reason: approval.requestedBy === caller.name ? 'withdrawn by the requester' : null,
      approvalId,
    });
    const updated = (await approvals.get(approvalId))!;
    audit.announce(updated, target);
    return audit.approvalView(updated);
  }

  /** Marks pending approvals past their time as expired, audits and announces each. */
  async expireDue(): Promise<void> {
    const now = this.deps.clock.now();
    const { audit, approvals } = this.deps;
    for (const approval of await approvals.due(now)) {
      if (!(await approvals.decide(approval.id, 'expired', null, now))) continue;
      await audit.record({
        actor: 'system',
        role: null,
        serviceId: approval.serviceId,
        operationId: approval.operationId,
        params: audit.paramsOf(approval.serviceId, approval.operationId, approval.params),
        action: 'refuse',
        outcome: 'refused',
        httpStatus: null,
        durationMs: null,
        reason: `approval expired: nobody approved within ${Math.round(this.deps.approvalTtlMs / 60_000)} minutes`,
        approvalId: approval.id,
      });
      audit.announce((await approvals.get(approval.id))!);
    }
  }

  /** Runs an approved request as the requester's: they asked for it, the approvers let it through. */
  private async run(
    approval: StoredApproval,
    target: OperationTarget,
    subject: Subject,
  ): Promise<InvokeResponse> {
    const requester: Subject = {
      actor: approval.requestedBy,
      role: approval.requestedRole,
      serviceId: approval.serviceId,
      operationId: approval.operationId,
      params: subject.params,
    };
    const lease = this.deps.limiter.acquire(limitKey(target), target.op);
    if (!lease.ok) {
      const entry = await this.deps.audit.record({
        ...requester,
        action: 'refuse',
        outcome: 'refused',
        httpStatus: this.deps.statusOf({
          kind: 'refused',
          refusal: { reason: 'limited', detail: lease.reason },
        }),
        durationMs: null,
        reason: lease.reason,
        approvalId: approval.id,
      });
      return { outcome: 'failed', auditId: entry.id, error: `Not run: ${lease.reason}` };
    }
    let prepared: Prepared;
    try {
      prepared = await this.deps.prepare(target, approval.params, requester);
    } catch (error) {
      lease.release();
      throw error;
    }
    return executeOperation(target, prepared, requester, lease, approval.id, {
      audit: this.deps.audit,
      clock: this.deps.clock,
      statusOf: this.deps.statusOf,
    });
  }

  /** The approval, its operation and the audit subject, once the caller may decide on it at all. */
  private async decidable(
    caller: Caller,
    approvalId: string,
  ): Promise<{ approval: StoredApproval; target: OperationTarget; subject: Subject }> {
    await this.expireDue();
    const approval = await this.deps.approvals.get(approvalId);
    if (!approval) throw notFound(`No approval with id "${approvalId}"`);
    const target = this.deps.catalog.find(approval.serviceId, approval.operationId);
    const subject: Subject = {
      actor: caller.name,
      role: caller.role,
      serviceId: approval.serviceId,
      operationId: approval.operationId,
      params: this.deps.audit.params(target, approval.params),
    };
    await this.deps.audit.requireRole(caller, target, subject, 'operator');
    if (approval.status !== 'pending') {
      await this.deps.audit.refuse(
        subject,
        refuse('conflict', `This request is already ${approval.status}`, {
          code: 'already-decided',
          title: 'Already decided',
        }),
        approvalId,
      );
    }
    return { approval, target, subject };
  }
}
