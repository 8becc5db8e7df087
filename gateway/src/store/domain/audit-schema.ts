import type { AuditEntry } from '@aether/contract';
import { canonicalJson } from '../../audit/canonical-json.js';

/** What the `audit` table says differently on SQLite and on Postgres. */
const AUDIT_DIALECT = {
  // step 1 on SQLite came before `target`: its step 2 adds the column
  sqlite: { id: 'INTEGER', at: 'TEXT', target: '', real: 'REAL' },
  // `at` is UTC ISO text compared bytewise, so text order is time order whatever the locale
  postgres: {
    id: 'BIGINT',
    at: 'TEXT COLLATE "C"',
    target: '\n     target TEXT,',
    real: 'DOUBLE PRECISION',
  },
};

/** The `audit` table and its indexes, the same on both databases; applied steps never change. */
export function auditTable(database: keyof typeof AUDIT_DIALECT): string {
  const { id, at, target, real } = AUDIT_DIALECT[database];
  return `CREATE TABLE audit (
     id ${id} PRIMARY KEY,
     at ${at} NOT NULL,
     actor TEXT NOT NULL,
     role TEXT,
     action TEXT NOT NULL,
     service_id TEXT NOT NULL,
     operation_id TEXT NOT NULL,${target}
     params TEXT NOT NULL,
     outcome TEXT NOT NULL,
     http_status INTEGER,
     duration_ms ${real},
     reason TEXT,
     approval_id TEXT,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE INDEX audit_service ON audit (service_id, id);
   CREATE INDEX audit_actor ON audit (actor, id);
   CREATE INDEX audit_at ON audit (at);`;
}

/** Tables of the audit domain on SQLite, applied in order by the store's migrate(). */
export const AUDIT_MIGRATIONS = [
  `${auditTable('sqlite')}
   -- Append-only at the storage level too: edits have to go around the gateway, and the hash chain catches those.
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`,
  // 2: entries of other domains (logins, panels, maintenance, acks) name their target; the chain
  // remembers the last verified point (verify walks only what came after it) and where the
  // archived part ends (entries moved out to a file by retention).
  `ALTER TABLE audit ADD COLUMN target TEXT;
   CREATE TABLE audit_marks (
     name TEXT PRIMARY KEY,
     id INTEGER NOT NULL,
     hash TEXT NOT NULL,
     mac TEXT NOT NULL
   );`,
];

/** An audit row as both stores read and write it (`target` absent from rows older than step 2). */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  role: string | null;
  action: string;
  service_id: string;
  operation_id: string;
  params: string;
  outcome: string;
  http_status: number | null;
  duration_ms: number | null;
  reason: string | null;
  approval_id: string | null;
  target?: string | null;
  prev_hash: string;
  hash: string;
}

/** The columns of `audit` in the order of both stores' INSERT (auditRowValues). */
export const AUDIT_COLUMNS = [
  'id',
  'at',
  'actor',
  'role',
  'action',
  'service_id',
  'operation_id',
  'target',
  'params',
  'outcome',
  'http_status',
  'duration_ms',
  'reason',
  'approval_id',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];

/**
 * The values of the row an entry is stored as, in AUDIT_COLUMNS order: params as canonical JSON,
 * so the stored text hashes back.
 */
export function auditRowValues(entry: AuditEntry): unknown[] {
  const row: Required<AuditRow> = {
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    role: entry.role,
    action: entry.action,
    service_id: entry.serviceId,
    operation_id: entry.operationId,
    params: canonicalJson(entry.params),
    outcome: entry.outcome,
    http_status: entry.httpStatus,
    duration_ms: entry.durationMs,
    reason: entry.reason,
    approval_id: entry.approvalId,
    target: entry.target ?? null,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
  return AUDIT_COLUMNS.map((column) => row[column]);
}

/** The entry a row holds. */
export function auditEntryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    role: row.role as AuditEntry['role'],
    action: row.action as AuditEntry['action'],
    serviceId: row.service_id,
    operationId: row.operation_id,
    params: JSON.parse(row.params) as Record<string, unknown>,
    outcome: row.outcome as AuditEntry['outcome'],
    httpStatus: row.http_status,
    durationMs: row.duration_ms,
    reason: row.reason,
    approvalId: row.approval_id,
    // absent, not null, when there is none: the hash covers the entry as it was built
    ...(row.target ? { target: row.target } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
