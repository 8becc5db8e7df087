import type {
  AetherEvent,
  Approval,
  AuditEntry,
  AuditVerification,
  CapturedResponse,
  Identity,
  InvokeResponse,
  Operation,
} from '../index.js';
import { ROLE_RANK } from '../common.js';
import {
  ANONYMOUS_VIEWER,
  FIXTURE_TOKENS,
  OPERATIONS,
  OPERATION_RESPONSES,
  capture,
} from '../fixtures/operations.js';
import { chainAuditEntry, makeAuditEntries, type AuditEntryInput } from '../fixtures/audit.js';

export interface PendingConfirmation {
  actor: string;
  serviceId: string;
  operationId: string;
  params: string;
  expiresAt: number;
}

export interface InteractionStoreOptions {
  /** Who calls when nobody has signed in; null means `auth.anonymous: none`. */
  anonymous?: Identity | null;
  /** Start signed in as this token's identity. */
  signedInAs?: string;
  tokens?: Record<string, Identity>;
  operations?: Operation[];
  responses?: Record<string, CapturedResponse>;
  approvals?: Approval[];
  audit?: AuditEntry[];
  now?: () => number;
}

export type DecisionVerb = 'approve' | 'reject';

/**
 * The mock gateway's state for sessions, operations, approvals and audit: one per handler set, so
 * a test can sign people in, decide approvals as "another operator" and watch the events the real
 * gateway would push over SSE.
 */
export interface InteractionStore {
  identity: Identity | null;
  readonly anonymous: Identity | null;
  readonly tokens: Record<string, Identity>;
  operations: Operation[];
  responses: Record<string, CapturedResponse>;
  approvals: Approval[];
  audit: AuditEntry[];
  /** Confirmation tokens handed out by 428 answers, by token. */
  confirmations: Map<string, PendingConfirmation>;
  /** Set to make GET /api/audit/verify report a broken chain; null reports it intact. */
  verification: AuditVerification | null;
  now(): number;
  signIn(token: string): Identity | undefined;
  signOut(): void;
  /** Appends a chained audit entry and announces it as an `audit` event. */
  appendAudit(input: Omit<AuditEntryInput, 'at'>): AuditEntry;
  /** Runs an operation against its canned answer and records it. */
  run(
    operation: Operation,
    params: Record<string, unknown>,
    actor: Identity,
    approvalId?: string,
  ): InvokeResponse;
  /** Approve or reject a pending request as `actor`; the error text says why when refused. */
  decide(
    approvalId: string,
    verb: DecisionVerb,
    actor: Identity,
  ): Approval | { refused: number; reason: string; title?: string; code?: string };
  subscribe(listener: (event: AetherEvent) => void): () => void;
  emit(event: AetherEvent): void;
}

export function createInteractionStore(options: InteractionStoreOptions = {}): InteractionStore {
  const tokens = options.tokens ?? FIXTURE_TOKENS;
  const listeners = new Set<(event: AetherEvent) => void>();
  let eventId = 0;
  const anonymous = options.anonymous === undefined ? ANONYMOUS_VIEWER : options.anonymous;

  const store: InteractionStore = {
    identity: options.signedInAs ? (tokens[options.signedInAs] ?? null) : anonymous,
    anonymous,
    tokens,
    operations: options.operations ?? OPERATIONS,
    responses: options.responses ?? OPERATION_RESPONSES,
    approvals: options.approvals ?? [],
    audit: options.audit ?? makeAuditEntries(30),
    confirmations: new Map(),
    verification: null,
    now: options.now ?? (() => Date.now()),

    signIn(token) {
      const identity = tokens[token];
      if (identity) store.identity = identity;
      return identity;
    },
    signOut() {
      store.identity = anonymous;
    },

    appendAudit(input) {
      const entry = chainAuditEntry(store.audit.at(-1), {
        at: new Date(store.now()).toISOString(),
        ...input,
      });
      store.audit.push(entry);
      store.emit({ id: String(++eventId), type: 'audit', data: entry });
      return entry;
    },

    run(operation, params, actor, approvalId) {
      const response =
        store.responses[`${operation.serviceId}/${operation.id}`] ?? capture(200, '{"ok":true}');
      const entry = store.appendAudit({
        actor: actor.name,
        role: actor.role,
        action: 'invoke',
        serviceId: operation.serviceId,
        operationId: operation.id,
        params,
        outcome: response.status < 400 ? 'ok' : 'error',
        httpStatus: response.status,
        durationMs: response.durationMs,
        reason: null,
        approvalId: approvalId ?? null,
      });
      return {
        outcome: response.status < 400 ? 'completed' : 'failed',
        auditId: entry.id,
        response,
      };
    },

    decide(approvalId, verb, actor) {
      const approval = store.approvals.find((a) => a.id === approvalId);
      if (!approval) return { refused: 404, reason: `No approval ${approvalId}` };
      if (!actor.role || ROLE_RANK[actor.role] < ROLE_RANK.operator)
        return { refused: 403, reason: 'Operator role required' };
      if (approval.status !== 'pending')
        return {
          refused: 409,
          code: 'already-decided',
          reason: `The request is already ${approval.status}`,
        };
      if (verb === 'approve' && approval.requestedBy === actor.name) {
        return {
          refused: 403,
          code: 'self-approval',
          reason: 'You cannot approve your own request; another operator must',
        };
      }
      if (verb === 'approve' && approval.approvals.some((a) => a.actor === actor.name)) {
        return {
          refused: 409,
          code: 'already-approved',
          title: 'Already approved',
          reason: 'You have already approved this request; another operator must',
        };
      }
      const at = new Date(store.now()).toISOString();
      const operation = store.operations.find(
        (o) => o.serviceId === approval.serviceId && o.id === approval.operationId,
      );
      store.appendAudit({
        actor: actor.name,
        role: actor.role,
        action: verb,
        serviceId: approval.serviceId,
        operationId: approval.operationId,
        params: approval.params,
        outcome: 'ok',
        httpStatus: null,
        durationMs: null,
        reason: null,
        approvalId,
      });
      let next: Approval;
      if (verb === 'reject') {
        next = { ...approval, status: 'rejected', decidedBy: actor.name, decidedAt: at };
      } else {
        const approvals = [...approval.approvals, { actor: actor.name, at }];
        const done = approvals.length >= approval.required;
        next = { ...approval, approvals };
        if (done) {
          // as the gateway: `approval` once approved, then again with the run's result
          next = {
            ...next,
            status: 'approved',
            decidedBy: actor.name,
            decidedAt: at,
            result: null,
          };
          store.approvals = store.approvals.map((a) => (a.id === approvalId ? next : a));
          store.emit({ id: String(++eventId), type: 'approval', data: next });
          const result = operation
            ? store.run(operation, approval.params, actor, approvalId)
            : null;
          next = { ...next, result };
        }
      }
      store.approvals = store.approvals.map((a) => (a.id === approvalId ? next : a));
      store.emit({ id: String(++eventId), type: 'approval', data: next });
      return next;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
  };
  return store;
}

/** The role check every mock route shares: 401 without an identity, 403 below the required role. */
export function roleRefusal(
  store: InteractionStore,
  required: Operation['role'],
): { status: number; detail: string } | undefined {
  return rankRefusal(store.identity?.role, required);
}

/** The same check for a caller known only by its role (none: not signed in). */
export function rankRefusal(
  role: Operation['role'] | null | undefined,
  required: Operation['role'],
): { status: number; detail: string } | undefined {
  if (!role) return { status: 401, detail: 'Sign in to continue' };
  if (ROLE_RANK[role] < ROLE_RANK[required]) {
    return {
      status: 403,
      detail: `${required[0]!.toUpperCase()}${required.slice(1)} role required (you are ${role})`,
    };
  }
  return undefined;
}
