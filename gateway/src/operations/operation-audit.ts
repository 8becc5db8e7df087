import type { Logger } from 'pino';
import type { Approval, AuditEntry, OutboundRequest, Role } from '@aether/contract';
import type { AuditLog, AuditRecord } from '../audit/audit-log.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { Caller } from '../auth/identity.js';
import { hasRole } from '../auth/roles.js';
import { refuse, Refused, type Refusal } from '../domain/refusal.js';
import type { RefusalBudget } from '../audit/refusal-budget.js';
import type { EventBus } from '../events/bus.js';
import type { StoredApproval } from '../store/domain/approval-store.js';
import type { AnswerStatusOf } from './operation-outcomes.js';
import {
  sensitiveParams,
  type OperationCatalog,
  type OperationTarget,
} from './operation-catalog.js';
import { shownRequest } from './prepare-operation.js';
import { REDACTED, Redactor, resolveHeader } from './secrets.js';

/** Params bigger than this are summarised in the audit trail instead of stored. */
export const AUDIT_PARAMS_LIMIT = 8 * 1024;

/** Who an audit entry is about. */
export interface Subject {
  actor: string;
  role: Role | null;
  serviceId: string;
  operationId: string;
  params: Record<string, unknown>;
}

export interface OperationAuditDeps {
  audit: AuditLog;
  logger: Logger;
  events: EventBus;
  catalog: OperationCatalog;
  statusOf: AnswerStatusOf;
  env: NodeJS.ProcessEnv;
  /** Refusals recorded per caller and minute; the rest are counted, not stored. */
  refusals: RefusalBudget;
}

/**
 * How operations leave a trace: every step and refusal appended to the audit trail, logged and
 * announced; params redacted the same way wherever people can see them (trail, approval views).
 */
export class OperationAudit {
  constructor(private readonly deps: OperationAuditDeps) {}

  async record(record: AuditRecord): Promise<AuditEntry> {
    const entry = await this.deps.audit.append(record);
    this.deps.logger.info(
      {
        audit: entry.id,
        actor: entry.actor,
        action: entry.action,
        service: entry.serviceId,
        operation: entry.operationId,
        outcome: entry.outcome,
        status: entry.httpStatus,
        ms: entry.durationMs,
        reason: entry.reason,
      },
      'operation audit',
    );
    this.deps.events.publish('audit', entry);
    return entry;
  }

  /**
   * Audits a refusal (without the refused params: they are the caller's, not a fact about the
   * system, and would let anyone who can be refused write to the trail) and throws it.
   */
  async refuse(
    subject: Subject,
    refusal: Refusal | Refused,
    approvalId: string | null = null,
  ): Promise<never> {
    const error = refusal instanceof Refused ? refusal : new Refused(refusal);
    await this.recordRefusal(
      subject,
      this.deps.statusOf({ kind: 'refused', refusal: error.refusal }),
      error.refusal.detail,
      approvalId,
    );
    throw error;
  }

  /** Records a refusal within the caller's budget; past it the refusal is only counted. */
  async recordRefusal(
    subject: Omit<Subject, 'params'>,
    httpStatus: number,
    reason: string,
    approvalId: string | null,
  ): Promise<void> {
    const budget = this.deps.refusals.take(subject.actor);
    if (!budget.record) return;
    const left = budget.dropped
      ? ` (${budget.dropped} earlier refusal(s) of this caller not recorded: over the limit)`
      : '';
    await this.record({
      actor: subject.actor,
      role: subject.role,
      serviceId: subject.serviceId,
      operationId: subject.operationId,
      params: {},
      action: 'refuse',
      outcome: 'refused',
      httpStatus,
      durationMs: null,
      reason: `${reason}${left}`,
      approvalId,
    });
  }

  /** Refuses (audited) a caller below the operation's role, or below `atLeast` when that is higher. */
  async requireRole(
    caller: Caller,
    target: OperationTarget,
    subject: Subject,
    atLeast?: Role,
  ): Promise<void> {
    const needed: Role = atLeast && !hasRole(target.op.role, atLeast) ? atLeast : target.op.role;
    if (hasRole(caller.role, needed)) return;
    // Nobody known is asking: nothing is written (the route's own check answers these first).
    if (!caller.authenticated) {
      throw refuse(
        'unauthenticated',
        `${target.op.title} needs the ${needed} role: send Authorization: Bearer <token>`,
        { code: 'unauthenticated' },
      );
    }
    await this.refuse(
      subject,
      refuse(
        'forbidden',
        `${caller.name} has the ${caller.role ?? 'no'} role; ${target.op.title} needs ${needed}`,
      ),
    );
  }

  subject(caller: Caller, target: OperationTarget, params: Record<string, unknown>): Subject {
    return {
      actor: caller.name,
      role: caller.role,
      serviceId: target.service.id,
      operationId: target.op.id,
      params: this.params(target, params),
    };
  }

  announce(approval: StoredApproval, target?: OperationTarget): void {
    this.deps.events.publish('approval', this.approvalView(approval, target));
  }

  /** What the API and events show of an approval: params redacted, no internal fields. */
  approvalView(approval: StoredApproval, target?: OperationTarget): Approval {
    const { requestedRole: _role, ...view } = approval;
    const found = target ?? this.findTarget(approval.serviceId, approval.operationId);
    const params = found
      ? this.params(found, approval.params)
      : { [REDACTED]: 'operation no longer in the config' };
    return { ...view, params, request: found ? this.requestOf(found, approval.params) : null };
  }

  /** The redacted request stored params will send; null when it cannot be built any more. */
  private requestOf(
    target: OperationTarget,
    params: Record<string, unknown>,
  ): OutboundRequest | null {
    try {
      return shownRequest(target, params, this.deps.env);
    } catch {
      return null;
    }
  }

  private findTarget(serviceId: string, operationId: string): OperationTarget | undefined {
    try {
      return this.deps.catalog.find(serviceId, operationId);
    } catch {
      return undefined;
    }
  }

  /** Like params(), for an operation that may have left the config since. */
  paramsOf(
    serviceId: string,
    operationId: string,
    params: Record<string, unknown>,
  ): Record<string, unknown> {
    try {
      return this.params(this.deps.catalog.find(serviceId, operationId), params);
    } catch {
      return { [REDACTED]: 'operation no longer in the config' };
    }
  }

  /** Params as the audit trail and approval views keep them: secret fields redacted, huge ones summarised. */
  params(target: OperationTarget, params: Record<string, unknown>): Record<string, unknown> {
    // Someone may paste a secret into a param: scrub the values this operation's headers resolve to as well.
    const secrets = Object.values(target.op.headers).flatMap(
      (template) => resolveHeader(template, this.deps.env).secrets,
    );
    const out = new Redactor(secrets).value({ ...params });
    for (const name of sensitiveParams(target.op.params)) if (name in out) out[name] = REDACTED;
    const size = canonicalJson(out).length;
    return size > AUDIT_PARAMS_LIMIT ? { [REDACTED]: `params of ${size} bytes not kept` } : out;
  }
}
