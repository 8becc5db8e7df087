import { z } from 'zod';
import { IsoDate, Role } from './common.js';

export const AuditAction = z.enum([
  'dry-run',
  'confirm-requested',
  'invoke',
  'approve',
  'reject',
  'refuse',
]);

export const AuditEntry = z.object({
  id: z.number().int().positive(),
  at: IsoDate,
  actor: z.string(),
  role: Role.nullable(),
  action: AuditAction,
  serviceId: z.string(),
  operationId: z.string(),
  /** Redacted: secret values never reach the audit trail. */
  params: z.record(z.string(), z.unknown()),
  outcome: z.enum(['ok', 'error', 'refused', 'pending']),
  httpStatus: z.number().int().nullable(),
  durationMs: z.number().nonnegative().nullable(),
  reason: z.string().nullable(),
  approvalId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({
  service: z.string().optional(),
  actor: z.string().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Entries with an id below this one (paging backwards from the newest). */
  before: z.coerce.number().int().positive().optional(),
  format: z.enum(['json', 'ndjson']).default('json'),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  brokenAt: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
