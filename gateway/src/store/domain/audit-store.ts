import type { AuditEntry } from '@aether/contract';

export interface AuditFilter {
  service?: string;
  actor?: string;
  /** Inclusive bounds as ISO instants (any offset; compared as instants). */
  from?: string;
  to?: string;
  /** Entries with an id below this one. */
  before?: number;
  limit: number;
}

/** A filter for reading the whole matching trail, oldest first. */
export type AuditScanFilter = Omit<AuditFilter, 'limit' | 'before'>;

/** The last entry of the chain: what the next entry links to. */
export interface AuditTail {
  id: number;
  hash: string;
}

/**
 * A signed point of the chain the store keeps for the audit domain: `checkpoint` (the newest
 * entry a verify found intact) and `boundary` (the newest entry archived out of the live table).
 */
export interface AuditMark {
  id: number;
  hash: string;
  /** HMAC of id and hash with the key kept outside the database. */
  mac: string;
}

/**
 * `anchored`: this trail has had a signed head since its first entry (or since it adopted one).
 * `head`: the signed newest entry, kept by a store shared by several gateways (sharedHead).
 */
export type AuditMarkName = 'checkpoint' | 'boundary' | 'anchored' | 'head';

export interface AuditPage {
  entries: AuditEntry[];
  /** Set when older entries match too: pass it as `before` for the next page. */
  nextBefore: number | null;
}

/**
 * Storage of the append-only audit trail. There is no update or delete; the chain itself (ids,
 * hashes) is built by the audit domain, the store only guarantees that reading the tail and
 * appending after it happen as one step, so two writers cannot fork the chain.
 */
export interface AuditStore {
  /**
   * True when several gateways append to this store (Postgres): it then keeps the signed head
   * itself (mark `head`), written with every append, and verify checks that one — a gateway's
   * head file covers only its own appends. False or absent: the head lives outside (SQLite).
   */
  readonly sharedHead?: boolean;
  /**
   * Appends the entry `link` builds from the current tail (undefined for the first entry). A
   * store with a sharedHead also writes `signHead(entry)` as mark `head`, in the same step.
   */
  appendLinked(
    link: (tail: AuditTail | undefined) => AuditEntry,
    signHead?: (entry: AuditEntry) => AuditMark,
  ): Promise<AuditEntry>;
  /** Newest first, at most `limit` entries. */
  page(filter: AuditFilter): Promise<AuditPage>;
  /** Every matching entry oldest first (chain order), read in pages rather than all at once. */
  scan(filter?: AuditScanFilter): AsyncIterable<AuditEntry>;
  /** Entries with `after < id <= through`, oldest first, at most `limit`: one slice of a walk. */
  slice(after: number, through: number, limit: number): Promise<AuditEntry[]>;
  /** The newest entry, undefined when the live table is empty. */
  tail(): Promise<AuditTail | undefined>;
  get(id: number): Promise<AuditEntry | undefined>;
  mark(name: AuditMarkName): Promise<AuditMark | undefined>;
  setMark(name: AuditMarkName, mark: AuditMark): Promise<void>;
  /**
   * The one way out of the live table: removes the entries up to `boundary.id` (oldest first)
   * and records the boundary, in one step. Callers export them to an archive first.
   */
  archiveThrough(boundary: AuditMark): Promise<number>;
}
