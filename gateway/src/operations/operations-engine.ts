import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  problemType,
  type Approval,
  type AuditEntry,
  type ConfirmationRequired,
  type DryRunResponse,
  type InvokeResponse,
  type Operation,
  type OutboundRequest,
  type Role,
} from '@aether/contract';
import { HttpError, badRequest, notFound } from '../api/errors.js';
import type { Caller } from '../auth/identity.js';
import { hasRole } from '../auth/roles.js';
import type { AuditLog, AuditRecord } from '../audit/audit-log.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { ApprovalStore, StoredApproval } from '../approvals/approval-store.js';
import type { Clock } from '../clock.js';
import type { AetherConfig } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import { buildRequest, type BuiltRequest } from './build-request.js';
import { ConfirmationTokens, CONFIRM_TTL_MS } from './confirmation-tokens.js';
import { curlLine } from './curl-line.js';
import { OperationCatalog, sensitiveParams, type OperationTarget } from './operation-catalog.js';
import { OperationLimiter } from './operation-limiter.js';
import { ParamsValidator } from './params-validator.js';
import { REDACTED, Redactor, resolveHeader } from './secrets.js';
import { SendFailure, sendRequest } from './send-request.js';

export const APPROVAL_TTL_MS = 15 * 60_000;
/** Params bigger than this are summarised in the audit trail instead of stored. */
const AUDIT_PARAMS_LIMIT = 8 * 1024;

export interface OperationsEngineDeps {
  config: Pick<AetherConfig, 'services'>;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  audit: AuditLog;
  approvals: ApprovalStore;
  /** Where `${VAR}` header references are looked up at send time. */
  env?: NodeJS.ProcessEnv;
  confirmTtlMs?: number;
  approvalTtlMs?: number;
}

export type InvokeAnswer =
  { status: 200 | 202; body: InvokeResponse } | { status: 428; body: ConfirmationRequired };

/** A request ready to send, with everything people and the audit trail may see of it. */
interface Prepared {
  params: Record<string, unknown>;
  built: BuiltRequest;
  redactor: Redactor;
  shown: OutboundRequest;
}

/** Who an audit entry is about. */
interface Subject {
  actor: string;
  role: Role | null;
  serviceId: string;
  operationId: string;
  params: Record<string, unknown>;
}

/**
 * Controlled interaction with services: the allow-listed operations of the config, run only with
 * validated params, previewed by dry-run, confirmed when they change state, approved by a second
 * operator when the config asks for four eyes, limited per operation, and every step (refusals
 * included) written to the hash-chained audit trail and announced on the event bus.
 */
export class OperationsEngine {
  private readonly catalog: OperationCatalog;
  private readonly validator = new ParamsValidator();
  private readonly limiter: OperationLimiter;
  private readonly confirmations: ConfirmationTokens;
  private readonly env: NodeJS.ProcessEnv;
  private readonly approvalTtlMs: number;

  constructor(private readonly deps: OperationsEngineDeps) {
    this.catalog = new OperationCatalog(deps.config);
    this.limiter = new OperationLimiter(deps.clock);
    this.confirmations = new ConfirmationTokens(deps.clock, deps.confirmTtlMs ?? CONFIRM_TTL_MS);
    this.env = deps.env ?? process.env;
    this.approvalTtlMs = deps.approvalTtlMs ?? APPROVAL_TTL_MS;
  }

  list(serviceId: string): Operation[] {
    return this.catalog.list(serviceId);
  }

  dryRun(
    caller: Caller,
    serviceId: string,
    operationId: string,
    params: Record<string, unknown>,
  ): DryRunResponse {
    const target = this.catalog.find(serviceId, operationId);
    const subject = this.subject(caller, target, params);
    this.requireRole(caller, target, subject);
    const prepared = this.prepare(target, params, subject);
    this.record({
      ...subject,
      params: this.auditParams(target, prepared.params),
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
  ): Promise<InvokeAnswer> {
    const target = this.catalog.find(serviceId, operationId);
    const { op } = target;
    const subject = this.subject(caller, target, request.params);
    this.requireRole(caller, target, subject);
    const prepared = this.prepare(target, request.params, subject);
    subject.params = this.auditParams(target, prepared.params);
    if (prepared.built.missing.length) {
      this.refuse(
        subject,
        new HttpError(503, {
          code: 'secret-missing',
          detail: `The gateway's environment does not set ${prepared.built.missing.join(', ')}, which this operation's headers need`,
          expose: true,
        }),
      );
    }
    const binding = {
      actor: caller.name,
      serviceId,
      operationId,
      paramsHash: hashParams(prepared.params),
    };
    const needsConfirmation = op.mutating || op.approvals > 1;

    if (needsConfirmation && !request.confirmToken) {
      const { token, expiresAt } = this.confirmations.issue(binding);
      this.record({
        ...subject,
        action: 'confirm-requested',
        outcome: 'pending',
        httpStatus: 428,
        durationMs: null,
        reason: null,
        approvalId: null,
      });
      const body: ConfirmationRequired = {
        type: problemType('confirmation-required'),
        title: 'Confirmation required',
        status: 428,
        detail: `${op.title} changes state: send this confirmToken with the same params to run it${op.approvals > 1 ? `; ${op.approvals - 1} more operator(s) must then approve` : ''}`,
        confirmToken: token,
        expiresAt: new Date(expiresAt).toISOString(),
        preview: prepared.shown,
      };
      return { status: 428, body };
    }

    const fourEyes = op.approvals > 1;
    // Take the limiter's slot before spending the token, so a 429 leaves the confirmation usable.
    const lease = fourEyes ? undefined : this.acquire(target, subject);
    if (needsConfirmation) {
      const redeemed = this.confirmations.redeem(request.confirmToken!, binding);
      if (!redeemed.ok) {
        lease?.release();
        this.refuse(
          subject,
          new HttpError(409, {
            code: 'confirmation-refused',
            title: 'Confirmation refused',
            detail: `${redeemed.reason}; invoke without a token to get a new one`,
          }),
        );
      }
    }

    if (fourEyes) {
      const now = this.deps.clock.now();
      const approval = this.deps.approvals.create({
        serviceId,
        operationId,
        title: op.title,
        params: prepared.params,
        requestedBy: caller.name,
        requestedRole: caller.role,
        requestedAt: now,
        expiresAt: now + this.approvalTtlMs,
        required: op.approvals,
      });
      const entry = this.record({
        ...subject,
        action: 'invoke',
        outcome: 'pending',
        httpStatus: 202,
        durationMs: null,
        reason: `waiting for ${op.approvals - 1} more approval(s)`,
        approvalId: approval.id,
      });
      this.announce(target, approval);
      return {
        status: 202,
        body: { outcome: 'pending-approval', auditId: entry.id, approvalId: approval.id },
      };
    }

    return { status: 200, body: await this.execute(target, prepared, subject, lease!, null) };
  }

  /** The four-eyes queue, pending first; expired requests are marked as such on the way. */
  /**
   * Records a request the gateway's role check turned away before any handler ran (a viewer's
   * dry-run, an anonymous invoke, an approval by a viewer), so the trail holds every refusal.
   * Targets that name no configured operation or known approval are not operations: not recorded.
   */
  recordAccessRefusal(
    caller: Caller,
    request: { serviceId?: string; operationId?: string; approvalId?: string },
    status: number,
    reason: string,
  ): void {
    let serviceId = request.serviceId;
    let operationId = request.operationId;
    if (request.approvalId) {
      const approval = this.deps.approvals.get(request.approvalId);
      serviceId = approval?.serviceId;
      operationId = approval?.operationId;
    }
    if (!serviceId || !operationId) return;
    const known = this.deps.config.services.some(
      (svc) => svc.id === serviceId && svc.operations.some((op) => op.id === operationId),
    );
    if (!known) return;
    this.record({
      actor: caller.name,
      role: caller.role,
      serviceId,
      operationId,
      params: {},
      action: 'refuse',
      outcome: 'refused',
      httpStatus: status,
      durationMs: null,
      reason,
      approvalId: request.approvalId ?? null,
    });
  }

  listApprovals(): Approval[] {
    this.expireDue();
    return this.deps.approvals.list().map((a) => this.approvalView(a));
  }

  async approve(caller: Caller, approvalId: string): Promise<Approval> {
    const { approval, target, subject } = this.decidable(caller, approvalId);
    if (approval.requestedBy === caller.name) {
      this.refuse(
        subject,
        new HttpError(403, {
          code: 'self-approval',
          title: 'Forbidden',
          detail: 'You cannot approve your own request; another operator must',
        }),
        approvalId,
      );
    }
    if (approval.approvals.some((a) => a.actor === caller.name)) {
      this.refuse(
        subject,
        new HttpError(409, {
          code: 'already-approved',
          title: 'Already approved',
          detail: 'You have already approved this request; another operator must',
        }),
        approvalId,
      );
    }
    const now = this.deps.clock.now();
    let updated = this.deps.approvals.addApproval(approvalId, caller.name, now);
    this.record({
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
      !this.deps.approvals.decide(approvalId, 'approved', caller.name, now)
    ) {
      this.announce(target, updated);
      return this.approvalView(updated);
    }
    updated = this.deps.approvals.get(approvalId)!;
    this.announce(target, updated);

    // The run is the requester's: they asked for it, the approvers let it through.
    const requester: Subject = {
      actor: approval.requestedBy,
      role: approval.requestedRole,
      serviceId: approval.serviceId,
      operationId: approval.operationId,
      params: subject.params,
    };
    let result: InvokeResponse;
    const lease = this.limiter.acquire(limitKey(target), target.op);
    if (!lease.ok) {
      const entry = this.record({
        ...requester,
        action: 'refuse',
        outcome: 'refused',
        httpStatus: 429,
        durationMs: null,
        reason: lease.reason,
        approvalId,
      });
      result = { outcome: 'failed', auditId: entry.id, error: `Not run: ${lease.reason}` };
    } else {
      let prepared: Prepared;
      try {
        prepared = this.prepare(target, approval.params, requester);
      } catch (error) {
        lease.release();
        throw error;
      }
      result = await this.execute(target, prepared, requester, lease, approvalId);
    }
    updated = this.deps.approvals.setResult(approvalId, result);
    this.announce(target, updated);
    return this.approvalView(updated);
  }

  reject(caller: Caller, approvalId: string): Approval {
    const { approval, target, subject } = this.decidable(caller, approvalId);
    if (!this.deps.approvals.decide(approvalId, 'rejected', caller.name, this.deps.clock.now())) {
      this.refuse(
        subject,
        new HttpError(409, {
          code: 'already-decided',
          title: 'Already decided',
          detail: 'This request was decided meanwhile',
        }),
        approvalId,
      );
    }
    this.record({
      ...subject,
      action: 'reject',
      outcome: 'ok',
      httpStatus: null,
      durationMs: null,
      reason: approval.requestedBy === caller.name ? 'withdrawn by the requester' : null,
      approvalId,
    });
    const updated = this.deps.approvals.get(approvalId)!;
    this.announce(target, updated);
    return this.approvalView(updated);
  }

  /** Marks pending approvals past their time as expired, audits and announces each. */
  expireDue(): void {
    const now = this.deps.clock.now();
    for (const approval of this.deps.approvals.due(now)) {
      if (!this.deps.approvals.decide(approval.id, 'expired', null, now)) continue;
      this.record({
        actor: 'system',
        role: null,
        serviceId: approval.serviceId,
        operationId: approval.operationId,
        params: this.redactParamsOf(approval.serviceId, approval.operationId, approval.params),
        action: 'refuse',
        outcome: 'refused',
        httpStatus: null,
        durationMs: null,
        reason: `approval expired: nobody approved within ${Math.round(this.approvalTtlMs / 60_000)} minutes`,
        approvalId: approval.id,
      });
      const updated = this.deps.approvals.get(approval.id)!;
      this.deps.events.publish('approval', this.approvalView(updated));
    }
  }

  /** The approval, its operation and the audit subject, once the caller may decide on it at all. */
  private decidable(
    caller: Caller,
    approvalId: string,
  ): { approval: StoredApproval; target: OperationTarget; subject: Subject } {
    this.expireDue();
    const approval = this.deps.approvals.get(approvalId);
    if (!approval) throw notFound(`No approval with id "${approvalId}"`);
    const target = this.catalog.find(approval.serviceId, approval.operationId);
    const subject: Subject = {
      actor: caller.name,
      role: caller.role,
      serviceId: approval.serviceId,
      operationId: approval.operationId,
      params: this.auditParams(target, approval.params),
    };
    this.requireRole(caller, target, subject, 'operator');
    if (approval.status !== 'pending') {
      this.refuse(
        subject,
        new HttpError(409, {
          code: 'already-decided',
          title: 'Already decided',
          detail: `This request is already ${approval.status}`,
        }),
        approvalId,
      );
    }
    return { approval, target, subject };
  }

  private async execute(
    target: OperationTarget,
    prepared: Prepared,
    subject: Subject,
    lease: { release(): void },
    approvalId: string | null,
  ): Promise<InvokeResponse> {
    try {
      if (prepared.built.missing.length) {
        const reason = `the gateway's environment does not set ${prepared.built.missing.join(', ')}`;
        const entry = this.record({
          ...subject,
          action: 'refuse',
          outcome: 'refused',
          httpStatus: 503,
          durationMs: null,
          reason,
          approvalId,
        });
        return { outcome: 'failed', auditId: entry.id, error: `Not run: ${reason}` };
      }
      const response = await sendRequest(prepared.built, {
        timeoutMs: target.op.timeout,
        clock: this.deps.clock,
        redactor: prepared.redactor,
      });
      const ok = response.status < 400;
      const entry = this.record({
        ...subject,
        action: 'invoke',
        outcome: ok ? 'ok' : 'error',
        httpStatus: response.status,
        durationMs: response.durationMs,
        reason: ok ? null : `the service answered ${response.status}`,
        approvalId,
      });
      return { outcome: ok ? 'completed' : 'failed', auditId: entry.id, response };
    } catch (error) {
      if (!(error instanceof SendFailure)) throw error;
      const entry = this.record({
        ...subject,
        action: 'invoke',
        outcome: error.kind === 'redirect-off-host' ? 'refused' : 'error',
        httpStatus: null,
        durationMs: error.durationMs,
        reason: error.message,
        approvalId,
      });
      return { outcome: 'failed', auditId: entry.id, error: error.message };
    } finally {
      lease.release();
    }
  }

  private acquire(target: OperationTarget, subject: Subject): { release(): void } {
    const lease = this.limiter.acquire(limitKey(target), target.op);
    if (lease.ok) return lease;
    return this.refuse(
      subject,
      new HttpError(429, {
        code: 'operation-limited',
        title: 'Too Many Requests',
        detail: `${target.op.title}: ${lease.reason}`,
        headers: { 'Retry-After': String(lease.retryAfter) },
      }),
    );
  }

  /** Validates params (filling schema defaults) and builds the one request they may produce. */
  private prepare(
    target: OperationTarget,
    rawParams: Record<string, unknown>,
    subject: Subject,
  ): Prepared {
    const params = structuredClone(rawParams);
    const errors = this.validator.validate(target.op.params, params);
    if (errors.length) {
      this.refuse(
        subject,
        badRequest(
          `Invalid params for ${target.op.id}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
          errors,
        ),
      );
    }
    if (!target.service.baseUrl) {
      this.refuse(
        subject,
        new HttpError(409, {
          code: 'no-base-url',
          detail: `Service "${target.service.id}" has no baseUrl, so its operations cannot run`,
        }),
      );
    }
    let built: BuiltRequest;
    try {
      built = buildRequest(target.service.baseUrl, target.op, params, this.env);
    } catch (error) {
      if (error instanceof HttpError) this.refuse(subject, error);
      throw error;
    }
    const sensitive = sensitiveParams(target.op.params).flatMap((name) =>
      typeof params[name] === 'string' ? [params[name]] : [],
    );
    const redactor = new Redactor([...built.secrets, ...sensitive]);
    return { params, built, redactor, shown: redactor.value(built.shown) };
  }

  private requireRole(
    caller: Caller,
    target: OperationTarget,
    subject: Subject,
    atLeast?: Role,
  ): void {
    const needed: Role = atLeast && !hasRole(target.op.role, atLeast) ? atLeast : target.op.role;
    if (hasRole(caller.role, needed)) return;
    if (!caller.authenticated) {
      this.refuse(
        subject,
        new HttpError(401, {
          code: 'unauthenticated',
          detail: `${target.op.title} needs the ${needed} role: send Authorization: Bearer <token>`,
          headers: { 'WWW-Authenticate': 'Bearer realm="aether"' },
        }),
      );
    }
    this.refuse(
      subject,
      new HttpError(403, {
        code: 'forbidden',
        detail: `${caller.name} has the ${caller.role ?? 'no'} role; ${target.op.title} needs ${needed}`,
      }),
    );
  }

  /** Audits a refusal and throws it. */
  private refuse(subject: Subject, error: HttpError, approvalId: string | null = null): never {
    this.record({
      ...subject,
      action: 'refuse',
      outcome: 'refused',
      httpStatus: error.status,
      durationMs: null,
      reason: error.detail ?? error.title,
      approvalId,
    });
    throw error;
  }

  private subject(
    caller: Caller,
    target: OperationTarget,
    params: Record<string, unknown>,
  ): Subject {
    return {
      actor: caller.name,
      role: caller.role,
      serviceId: target.service.id,
      operationId: target.op.id,
      params: this.auditParams(target, params),
    };
  }

  private record(record: AuditRecord): AuditEntry {
    const entry = this.deps.audit.append(record);
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

  private announce(target: OperationTarget, approval: StoredApproval): void {
    this.deps.events.publish('approval', this.approvalView(approval, target));
  }

  /** What the API and events show of an approval: params redacted, no internal fields. */
  private approvalView(approval: StoredApproval, target?: OperationTarget): Approval {
    const { requestedRole: _role, ...view } = approval;
    const params = target
      ? this.auditParams(target, approval.params)
      : this.redactParamsOf(approval.serviceId, approval.operationId, approval.params);
    return { ...view, params };
  }

  private redactParamsOf(
    serviceId: string,
    operationId: string,
    params: Record<string, unknown>,
  ): Record<string, unknown> {
    try {
      return this.auditParams(this.catalog.find(serviceId, operationId), params);
    } catch {
      return { [REDACTED]: 'operation no longer in the config' };
    }
  }

  /** Params as the audit trail and approval views keep them: secret fields redacted, huge ones summarised. */
  private auditParams(
    target: OperationTarget,
    params: Record<string, unknown>,
  ): Record<string, unknown> {
    // Someone may paste a secret into a param: scrub the values this operation's headers resolve to as well.
    const secrets = Object.values(target.op.headers).flatMap(
      (template) => resolveHeader(template, this.env).secrets,
    );
    const out = new Redactor(secrets).value({ ...params });
    for (const name of sensitiveParams(target.op.params)) if (name in out) out[name] = REDACTED;
    const size = canonicalJson(out).length;
    return size > AUDIT_PARAMS_LIMIT ? { [REDACTED]: `params of ${size} bytes not kept` } : out;
  }
}

function limitKey(target: OperationTarget): string {
  return `${target.service.id}/${target.op.id}`;
}

function hashParams(params: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex');
}
