import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { DryRunResponse, Operation } from '@aether/contract';
import type { AuditLog } from '../audit/audit-log.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { RefusalBudget } from '../audit/refusal-budget.js';
import type { Caller } from '../auth/identity.js';
import type { Clock } from '../clock.js';
import type { AetherConfig } from '../config/schema.js';
import { refuse } from '../domain/refusal.js';
import type { EventBus } from '../events/bus.js';
import type { ApprovalStore } from '../store/domain/approval-store.js';
import type { ConfirmTokenStore } from '../store/domain/confirm-token-store.js';
import { ApprovalDecisions, APPROVAL_TTL_MS } from './approval-decisions.js';
import { ConfirmationTokens, CONFIRM_TTL_MS } from './confirmation-tokens.js';
import { curlLine } from './curl-line.js';
import { executeOperation } from './execute-operation.js';
import { AUDIT_PARAMS_LIMIT, OperationAudit, type Subject } from './operation-audit.js';
import { OperationCatalog, limitKey, type OperationTarget } from './operation-catalog.js';
import { OperationLimiter } from './operation-limiter.js';
import type { AnswerStatusOf, InvokeOutcome } from './operation-outcomes.js';
import { ParamsValidator } from './params-validator.js';
import { prepareOperation, type Prepared } from './prepare-operation.js';

export { APPROVAL_TTL_MS } from './approval-decisions.js';

/** Default of `audit.refusalsPerMinute`. */
export const REFUSALS_PER_MINUTE = 30;

export interface OperationsEngineDeps {
  config: Pick<AetherConfig, 'services'>;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  audit: AuditLog;
  approvals: ApprovalStore;
  confirmTokens: ConfirmTokenStore;
  /** The status the API answers each outcome with, for the audit trail's httpStatus. */
  statusOf: AnswerStatusOf;
  /** Where `${VAR}` header references are looked up at send time. */
  env?: NodeJS.ProcessEnv;
  confirmTtlMs?: number;
  approvalTtlMs?: number;
  /** Refusals recorded per caller and minute (config `audit.refusalsPerMinute`). */
  refusalsPerMinute?: number;
}

/**
 * Controlled interaction with services: the allow-listed operations of the config, run only with
 * validated params, previewed by dry-run, confirmed when they change state, approved by a second
 * operator when the config asks for four eyes (see ApprovalDecisions), limited per operation, and
 * every step (refusals included) written to the hash-chained audit trail and announced on the bus.
 */
export class OperationsEngine {
  /** The four-eyes queue: list, approve, reject, expire. */
  readonly approvals: ApprovalDecisions;
  private readonly catalog: OperationCatalog;
  private readonly validator = new ParamsValidator();
  private readonly limiter: OperationLimiter;
  private readonly confirmations: ConfirmationTokens;
  private readonly audit: OperationAudit;
  private readonly refusals: RefusalBudget;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly deps: OperationsEngineDeps) {
    this.catalog = new OperationCatalog(deps.config);
    this.limiter = new OperationLimiter(deps.clock);
    this.env = deps.env ?? process.env;
    this.confirmations = new ConfirmationTokens(
      deps.confirmTokens,
      deps.clock,
      deps.confirmTtlMs ?? CONFIRM_TTL_MS,
    );
    this.refusals = new RefusalBudget(deps.clock, deps.refusalsPerMinute ?? REFUSALS_PER_MINUTE);
    this.audit = new OperationAudit({
      ...deps,
      catalog: this.catalog,
      env: this.env,
      refusals: this.refusals,
    });
    this.approvals = new ApprovalDecisions({
      ...deps,
      catalog: this.catalog,
      limiter: this.limiter,
      audit: this.audit,
      prepare: (target, params, subject) => this.prepare(target, params, subject),
      approvalTtlMs: deps.approvalTtlMs ?? APPROVAL_TTL_MS,
    });
  }

  /**
   * Gives the limits back what the last minute used after a restart, from the audit trail: the
   * rate limiter its calls (every request sent is an `invoke` entry), so restarting the gateway
   * never hands out a fresh allowance against a production service; the refusal budget its
   * recorded refusals (`refuse` entries), so a restart does not open the trail to another
   * `audit.refusalsPerMinute` of them.
   */
  async restoreLimits(): Promise<void> {
    const from = new Date(this.deps.clock.now() - 60_000).toISOString();
    for await (const entry of this.deps.audit.iterate({ from })) {
      if (entry.action === 'refuse') this.refusals.restore(entry.actor, Date.parse(entry.at));
      if (entry.action !== 'invoke' || entry.outcome === 'pending') continue;
      this.limiter.restore(`${entry.serviceId}/${entry.operationId}`, Date.parse(entry.at));
    }
  }

  list(serviceId: string): Operation[] {
    return this.catalog.list(serviceId);
  }

  listAll(): Operation[] {
    return this.catalog.listAll();
  }

  async dryRun(
    caller: Caller,
    serviceId: string,
    operationId: string,
    params: Record<string, unknown>,
  ): Promise<DryRunResponse> {
    const target = this.catalog.find(serviceId, operationId);
    const subject = this.audit.subject(caller, target, params);
    await this.audit.requireRole(caller, target, subject);
    const prepared = await this.prepare(target, params, subject);
    await this.audit.record({
      ...subject,
      params: this.audit.params(target, prepared.params),
      action: 'dry-run',
      outcome: 'ok',
      httpStatus: null,
      durationMs: null,
      reason: null,
      approvalId: null,
    });
    return { request: prepared.shown, curl: curlLine(prepared.shown) };
  }

  async invoke(
    caller: Caller,
    serviceId: string,
    operationId: string,
    request: { params: Record<string, unknown>; confirmToken?: string | undefined },
  ): Promise<InvokeOutcome> {
    const target = this.catalog.find(serviceId, operationId);
    const { op } = target;
    const subject = this.audit.subject(caller, target, request.params);
    await this.audit.requireRole(caller, target, subject);
    const prepared = await this.prepare(target, request.params, subject);
    subject.params = this.audit.params(target, prepared.params);
    if (prepared.built.missing.length) {
      await this.audit.refuse(
        subject,
        refuse(
          'unavailable',
          `The gateway's environment does not set ${prepared.built.missing.join(', ')}, which this operation's headers need`,
          { code: 'secret-missing' },
        ),
      );
    }
    const binding = {
      actor: caller.name,
      serviceId,
      operationId,
      paramsHash: hashParams(prepared.params),
    };
    const needsConfirmation = op.mutating || op.approvals > 1;
    if (op.approvals > 1) await this.requireShowable(prepared, subject);

    if (needsConfirmation && !request.confirmToken) {
      const { token, expiresAt } = await this.confirmations.issue(binding);
      await this.audit.record({
        ...subject,
        action: 'confirm-requested',
        outcome: 'pending',
        httpStatus: this.deps.statusOf({ kind: 'needs-confirmation' }),
        durationMs: null,
        reason: null,
        approvalId: null,
      });
      return {
        kind: 'needs-confirmation',
        confirmToken: token,
        expiresAt: new Date(expiresAt).toISOString(),
        detail: `${op.title} changes state: send this confirmToken with the same params to run it${op.approvals > 1 ? `; ${op.approvals - 1} more operator(s) must then approve` : ''}`,
        preview: prepared.shown,
      };
    }

    const fourEyes = op.approvals > 1;
    // Take the limiter's slot before spending the token, so a 429 leaves the confirmation usable.
    const lease = fourEyes ? undefined : await this.acquire(target, subject);
    if (needsConfirmation) {
      const redeemed = await this.confirmations.redeem(request.confirmToken!, binding);
      if (!redeemed.ok) {
        lease?.release();
        await this.audit.refuse(
          subject,
          refuse('conflict', `${redeemed.reason}; invoke without a token to get a new one`, {
            code: 'confirmation-refused',
            title: 'Confirmation refused',
          }),
        );
      }
    }

    if (fourEyes) {
      const result = await this.approvals.request(caller, target, prepared.params, subject);
      return { kind: 'pending-approval', result };
    }
    const result = await executeOperation(target, prepared, subject, lease!, null, {
      audit: this.audit,
      clock: this.deps.clock,
      statusOf: this.deps.statusOf,
    });
    return { kind: 'ran', result };
  }

  /**
   * Records a request the gateway's role check turned away before any handler ran (a viewer's
   * dry-run, an anonymous invoke, an approval by a viewer), so the trail holds every refusal.
   * Targets that name no configured operation or known approval are not operations: not recorded.
   */
  async recordAccessRefusal(
    caller: Caller,
    request: { serviceId?: string; operationId?: string; approvalId?: string },
    status: number,
    reason: string,
  ): Promise<void> {
    let serviceId = request.serviceId;
    let operationId = request.operationId;
    if (request.approvalId) {
      const approval = await this.deps.approvals.get(request.approvalId);
      serviceId = approval?.serviceId;
      operationId = approval?.operationId;
    }
    if (!serviceId || !operationId) return;
    const known = this.deps.config.services.some(
      (svc) => svc.id === serviceId && svc.operations.some((op) => op.id === operationId),
    );
    if (!known) return;
    await this.audit.recordRefusal(
      { actor: caller.name, role: caller.role, serviceId, operationId },
      status,
      reason,
      request.approvalId ?? null,
    );
  }

  private prepare(
    target: OperationTarget,
    params: Record<string, unknown>,
    subject: Subject,
  ): Promise<Prepared> {
    return prepareOperation(target, params, subject, {
      validator: this.validator,
      audit: this.audit,
      env: this.env,
    });
  }

  /**
   * Approvers approve what they see: a request whose params or body the approval view would have
   * to summarise (over AUDIT_PARAMS_LIMIT) cannot be put to them at all.
   */
  private async requireShowable(prepared: Prepared, subject: Subject): Promise<void> {
    const size = Math.max(
      canonicalJson(prepared.params).length,
      (prepared.shown.body ?? '').length + prepared.shown.url.length,
    );
    if (size <= AUDIT_PARAMS_LIMIT) return;
    await this.audit.refuse(
      subject,
      refuse(
        'invalid',
        `This request is ${size} bytes; approvers must see a request in full, so one for approval may be at most ${AUDIT_PARAMS_LIMIT}`,
        { code: 'request-too-large-to-approve', title: 'Request too large to approve' },
      ),
    );
  }

  private async acquire(target: OperationTarget, subject: Subject): Promise<{ release(): void }> {
    const lease = this.limiter.acquire(limitKey(target), target.op);
    if (lease.ok) return lease;
    return this.audit.refuse(
      subject,
      refuse('limited', `${target.op.title}: ${lease.reason}`, {
        code: 'operation-limited',
        title: 'Too Many Requests',
        retryAfterSeconds: lease.retryAfter,
      }),
    );
  }
}

function hashParams(params: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex');
}
