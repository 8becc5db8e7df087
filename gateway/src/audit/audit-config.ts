import { z } from 'zod';
import { duration } from '../config/schema-fields.js';

/**
 * The `audit` section of the config (spread into AetherConfig like the alerting section):
 *
 * ```yaml
 * audit:
 *   keyFile: ./data/audit.key          # HMAC key of the signed head; default next to storage.sqlite, created 0600
 *   headFile: ./data/aether.db.audit-head.json   # the signed head, rewritten on every append
 *   refusalsPerMinute: 30              # refusals recorded per caller and minute; more are counted, not stored
 *   retention: 400d                    # entries older than this are archived to archiveDir (default: kept)
 *   archiveDir: ./data/audit-archive
 * ```
 *
 * `AETHER_AUDIT_KEY` in the environment takes the place of the key file. With `:memory:` storage
 * and no key, a random key lives only as long as the process (tests, throwaway gateways).
 */
export const AuditConfig = z
  .strictObject({
    keyFile: z.string().min(1).optional(),
    headFile: z.string().min(1).optional(),
    refusalsPerMinute: z.number().int().min(1).max(100_000).default(30),
    retention: duration().optional(),
    archiveDir: z.string().min(1).optional(),
  })
  .prefault({});
export type AuditConfig = z.infer<typeof AuditConfig>;

export const auditConfigShape = { audit: AuditConfig };
