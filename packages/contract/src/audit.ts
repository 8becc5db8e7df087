import { z } from 'zod';
import { IsoDate, Role } from './common.js';

export const AuditAction = z.enum([
  'dry-run',
  'confirm-requested',
  'invoke',
  'approve',
  'reject',
  'refuse',
  // other domains join the one chain through the gateway's audit.record()
  'login',
  'logout',
  'panel-register',
  'panel-rollback',
  'panel-disable',
  'panel-enable',
  'maintenance-start',
  'maintenance-end',
  'alert-ack',
  'channel-test',
  'deploy-start',
  'deploy-finish',
]);

export const AuditEntry = z.object({
  id: z.number().int().positive(),
  at: IsoDate,
  actor: z.string(),
  role: Role.nullable(),
  action: AuditAction,
  /** Empty for entries about no operation (logins, panel and maintenance changes, acks). */
  serviceId: z.string(),
  operationId: z.string(),
  /** What a non-operation entry is about, e.g. `panel:health`, `maintenance:mw-1`, `alert:a-7`. */
  target: z.string().optional(),
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

export const AuditVerifyQuery = z.strictObject({
  /** `true` walks the whole live chain instead of what came after the last verified checkpoint. */
  full: z.enum(['true', 'false']).default('false'),
});
export type AuditVerifyQuery = z.input<typeof AuditVerifyQuery>;

/** The signed head of the chain: the newest entry, as the gateway last wrote it outside the database. */
export const AuditHead = z.object({
  id: z.number().int().nonnegative(),
  hash: z.string(),
  /** Entries ever appended (archived ones included). */
  count: z.number().int().nonnegative(),
});
export type AuditHead = z.infer<typeof AuditHead>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  /** Entries walked by this run: those after the last verified checkpoint. */
  checked: z.number().int().nonnegative(),
  brokenAt: z.number().int().nullable(),
  reason: z.string().nullable(),
  /** The id this run started after (the stored checkpoint, or where the archived part ends). */
  from: z.number().int().nonnegative().optional(),
  /** The signed head the chain was checked against. */
  head: AuditHead.nullable().optional(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
