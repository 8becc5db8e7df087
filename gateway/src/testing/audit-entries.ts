import type { AuditEntry } from '@aether/contract';

/**
 * A stored audit entry for tests of the audit stores: entry `id` linked to entry `id - 1` by
 * made-up hashes (`prevHash` '0' for the first), which a store keeps without checking.
 */
export function auditEntry(id: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    at: '2026-11-27T10:00:00.000Z',
    actor: 'alice',
    role: 'operator',
    action: 'invoke',
    serviceId: 'orders',
    operationId: 'flush-cache',
    params: {},
    outcome: 'ok',
    httpStatus: 200,
    durationMs: 1,
    reason: null,
    approvalId: null,
    prevHash: String(id - 1),
    hash: String(id),
    ...over,
  };
}
