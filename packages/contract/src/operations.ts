import { z } from 'zod';
import { IsoDate, Role } from './common.js';

export const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export const Operation = z.object({
  id: z.string(),
  serviceId: z.string(),
  title: z.string(),
  description: z.string().optional(),
  method: HttpMethod,
  path: z.string(),
  mutating: z.boolean(),
  approvals: z.number().int().min(1),
  role: Role,
  timeoutMs: z.number().int().positive(),
  /** JSON Schema of the request body. */
  params: z.record(z.string(), z.unknown()),
});
export type Operation = z.infer<typeof Operation>;

export const OperationList = z.array(Operation);
export type OperationList = z.infer<typeof OperationList>;

export const DryRunRequest = z.strictObject({
  params: z.record(z.string(), z.unknown()).default({}),
});
export type DryRunRequest = z.input<typeof DryRunRequest>;

/** The exact request the gateway would send, with secrets redacted. */
export const OutboundRequest = z.object({
  method: HttpMethod,
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
});
export type OutboundRequest = z.infer<typeof OutboundRequest>;

export const DryRunResponse = z.object({ request: OutboundRequest, curl: z.string() });
export type DryRunResponse = z.infer<typeof DryRunResponse>;

export const InvokeRequest = z.strictObject({
  params: z.record(z.string(), z.unknown()).default({}),
  confirmToken: z.string().optional(),
});
export type InvokeRequest = z.input<typeof InvokeRequest>;

/** Body of the 428 answer to a mutating invoke without a confirmation token. */
export const ConfirmationRequired = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(428),
  detail: z.string().optional(),
  confirmToken: z.string(),
  expiresAt: IsoDate,
  preview: OutboundRequest,
});
export type ConfirmationRequired = z.infer<typeof ConfirmationRequired>;

export const CapturedResponse = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  /** Bytes received in total; body holds at most 256 KiB of them. */
  bytes: z.number().int().nonnegative(),
  truncated: z.boolean(),
  durationMs: z.number().nonnegative(),
});
export type CapturedResponse = z.infer<typeof CapturedResponse>;

export const InvokeResponse = z.object({
  outcome: z.enum(['completed', 'failed', 'pending-approval']),
  auditId: z.number().int(),
  response: CapturedResponse.optional(),
  error: z.string().optional(),
  approvalId: z.string().optional(),
});
export type InvokeResponse = z.infer<typeof InvokeResponse>;

export const ApprovalStatus = z.enum(['pending', 'approved', 'rejected', 'expired']);

export const Approval = z.object({
  id: z.string(),
  serviceId: z.string(),
  operationId: z.string(),
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  requestedBy: z.string(),
  requestedAt: IsoDate,
  expiresAt: IsoDate,
  approvals: z.array(z.object({ actor: z.string(), at: IsoDate })),
  required: z.number().int().min(1),
  status: ApprovalStatus,
  decidedBy: z.string().nullable(),
  decidedAt: IsoDate.nullable(),
  result: InvokeResponse.nullable(),
  /**
   * The request the last approval will send, exactly as sent, secrets redacted (`${VAR}` and
   * `[REDACTED]`): what the approver approves. Null when its operation left the config.
   */
  request: OutboundRequest.nullable(),
});
export type Approval = z.infer<typeof Approval>;

export const ApprovalList = z.array(Approval);
export type ApprovalList = z.infer<typeof ApprovalList>;

export const ApprovalDecision = z.strictObject({ comment: z.string().max(500).optional() });
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;
