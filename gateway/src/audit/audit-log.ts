import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditVerification } from '@aether/contract';
import type { Clock } from '../clock.js';
import { canonicalJson } from './canonical-json.js';
import { AUDIT_MIGRATIONS } from './audit-schema.js';
import { migrate } from '../store/migrate.js';

/** What a caller records; id, time and the chain links are added by the log. */
export type AuditRecord = Omit<AuditEntry, 'id' | 'at' | 'prevHash' | 'hash'>;

export interface AuditFilter {
  service?: string;
  actor?: string;
  /** Inclusive bounds as ISO instants. */
  from?: string;
  to?: string;
  /** Entries with an id below this one. */
  before?: number;
  limit: number;
}

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
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
  prev_hash: string;
  hash: string;
}

/** sha256 over the previous entry's hash and the canonical JSON of this entry (id and time included). */
export function hashEntry(prevHash: string, entry: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/**
 * The append-only audit trail. There is deliberately no update or delete method, and the table
 * refuses both with triggers; each entry is chained to the previous one by hash, so an edit made
 * behind the gateway's back (or a removed row) shows up in verify().
 */
export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly last: Database.Statement<[], { id: number; hash: string } | undefined>;
  private readonly append_: (record: AuditRecord) => AuditEntry;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    migrate(db, 'audit', AUDIT_MIGRATIONS);
    this.insert = db.prepare(
      `INSERT INTO audit (id, at, actor, role, action, service_id, operation_id, params, outcome, http_status, duration_ms, reason, approval_id, prev_hash, hash)
       VALUES (@id, @at, @actor, @role, @action, @service_id, @operation_id, @params, @outcome, @http_status, @duration_ms, @reason, @approval_id, @prev_hash, @hash)`,
    );
    this.last = db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
    // Reading the tail and inserting after it in one transaction keeps the chain linear.
    this.append_ = db.transaction((record: AuditRecord) => {
      const tail = this.last.get();
      const body: Omit<AuditEntry, 'prevHash' | 'hash'> = {
        ...record,
        id: (tail?.id ?? 0) + 1,
        at: new Date(this.clock.now()).toISOString(),
      };
      const prevHash = tail?.hash ?? GENESIS_HASH;
      const entry: AuditEntry = { ...body, prevHash, hash: hashEntry(prevHash, body) };
      this.insert.run(toRow(entry));
      return entry;
    });
  }

  append(record: AuditRecord): AuditEntry {
    return this.append_(record);
  }

  /** Newest first. `nextBefore` is set when older entries match too. */
  query(filter: AuditFilter): { entries: AuditEntry[]; nextBefore: number | null } {
    const { where, args } = conditions(filter);
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    const rows = this.db
      .prepare<Record<string, unknown>, AuditRow>(sql)
      .all({ ...args, limit: filter.limit + 1 });
    const more = rows.length > filter.limit;
    const entries = rows.slice(0, filter.limit).map(fromRow);
    return { entries, nextBefore: more ? entries[entries.length - 1]!.id : null };
  }

  /** Matching entries oldest first (chain order), for the NDJSON export, read in pages rather than all at once. */
  *iterate(filter: Omit<AuditFilter, 'limit' | 'before'> = {}): Generator<AuditEntry> {
    const { where, args } = conditions(filter);
    where.push('id > @after');
    const page = this.db.prepare<Record<string, unknown>, AuditRow>(
      `SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY id LIMIT 500`,
    );
    let after = 0;
    for (;;) {
      const rows = page.all({ ...args, after });
      yield* rows.map(fromRow);
      if (rows.length < 500) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Walks the chain from the first entry and reports the first one that does not hold. */
  verify(): AuditVerification {
    let prevHash = GENESIS_HASH;
    let expectedId = 1;
    let checked = 0;
    for (const row of this.db.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY id').iterate()) {
      const entry = fromRow(row);
      const broken = (reason: string): AuditVerification => ({
        ok: false,
        checked,
        brokenAt: entry.id,
        reason,
      });
      if (entry.id !== expectedId) return broken(`entry ${expectedId} is missing`);
      if (entry.prevHash !== prevHash) return broken('prevHash does not match the previous entry');
      const { hash, prevHash: _prev, ...body } = entry;
      if (hashEntry(prevHash, body) !== hash)
        return broken('entry content does not match its hash');
      prevHash = hash;
      expectedId += 1;
      checked += 1;
    }
    return { ok: true, checked, brokenAt: null, reason: null };
  }
}

function conditions(filter: Omit<AuditFilter, 'limit'>): {
  where: string[];
  args: Record<string, unknown>;
} {
  const where: string[] = [];
  const args: Record<string, unknown> = {};
  const add = (sql: string, name: string, value: unknown) => {
    where.push(sql);
    args[name] = value;
  };
  if (filter.service) add('service_id = @service', 'service', filter.service);
  if (filter.actor) add('actor = @actor', 'actor', filter.actor);
  if (filter.from) add('at >= @from', 'from', normalizeInstant(filter.from));
  if (filter.to) add('at <= @to', 'to', normalizeInstant(filter.to));
  if (filter.before) add('id < @before', 'before', filter.before);
  return { where, args };
}

function normalizeInstant(text: string): string {
  return new Date(text).toISOString();
}

function toRow(entry: AuditEntry): AuditRow {
  return {
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
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

function fromRow(row: AuditRow): AuditEntry {
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
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
