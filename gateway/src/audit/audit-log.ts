import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerification } from '@aether/contract';
import type { Clock } from '../clock.js';
import type {
  AuditFilter,
  AuditPage,
  AuditScanFilter,
  AuditStore,
} from '../store/domain/audit-store.js';
import { canonicalJson } from './canonical-json.js';

export type { AuditFilter } from '../store/domain/audit-store.js';

/** What a caller records; id, time and the chain links are added by the log. */
export type AuditRecord = Omit<AuditEntry, 'id' | 'at' | 'prevHash' | 'hash'>;

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the previous entry's hash and the canonical JSON of this entry (id and time included). */
export function hashEntry(prevHash: string, entry: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/**
 * The append-only audit trail. There is deliberately no update or delete method (and the SQLite
 * store refuses both with triggers); each entry is chained to the previous one by hash, so an edit
 * made behind the gateway's back (or a removed row) shows up in verify().
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

  append(record: AuditRecord): Promise<AuditEntry> {
    return this.store.appendLinked((tail) => {
      const body: Omit<AuditEntry, 'prevHash' | 'hash'> = {
        ...record,
        id: (tail?.id ?? 0) + 1,
        at: new Date(this.clock.now()).toISOString(),
      };
      const prevHash = tail?.hash ?? GENESIS_HASH;
      return { ...body, prevHash, hash: hashEntry(prevHash, body) };
    });
  }

  /** Newest first. `nextBefore` is set when older entries match too. */
  query(filter: AuditFilter): Promise<AuditPage> {
    return this.store.page(filter);
  }

  /** Matching entries oldest first (chain order), for the NDJSON export. */
  iterate(filter: AuditScanFilter = {}): AsyncIterable<AuditEntry> {
    return this.store.scan(filter);
  }

  /** Walks the chain from the first entry and reports the first one that does not hold. */
  async verify(): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let expectedId = 1;
    let checked = 0;
    for await (const entry of this.store.scan()) {
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
