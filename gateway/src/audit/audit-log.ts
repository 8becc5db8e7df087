import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditEntry, AuditHead, AuditVerification, Role } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type {
  AuditFilter,
  AuditMark,
  AuditPage,
  AuditScanFilter,
  AuditStore,
} from '../store/domain/audit-store.js';
import { archiveAudit, type ArchiveResult } from './audit-archive.js';
import { canonicalJson } from './canonical-json.js';
import {
  MemoryHeadAnchor,
  macMatches,
  macOf,
  type HeadAnchor,
  type SignedHead,
} from './audit-head.js';

export type { AuditFilter } from '../store/domain/audit-store.js';

/** What a caller records; id, time and the chain links are added by the log. */
export type AuditRecord = Omit<AuditEntry, 'id' | 'at' | 'prevHash' | 'hash'>;

/** What another domain (sessions, panels, maintenance, alerts) records: who did what to which thing. */
export interface DomainRecord {
  action: Exclude<
    AuditEntry['action'],
    'dry-run' | 'confirm-requested' | 'invoke' | 'approve' | 'reject' | 'refuse'
  >;
  actor: string;
  role?: Role | null;
  /** What it is about, e.g. `panel:health`, `maintenance:mw-3`, `alert:a-12`, `session`. */
  target: string;
  /** Facts worth keeping (no secrets: they are stored as given). */
  detail?: Record<string, unknown>;
  reason?: string | null;
}

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Entries walked per slice of a verify; the event loop gets a turn between slices. */
const VERIFY_SLICE = 500;

/** sha256 over the previous entry's hash and the canonical JSON of this entry (id and time included). */
export function hashEntry(prevHash: string, entry: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

export interface AuditLogOptions {
  /** HMAC key kept outside the database (loadAuditKey); a random one when absent. */
  key?: Buffer;
  /** Where the signed head goes on every append; in memory when absent. */
  anchor?: HeadAnchor;
  /** The head is logged on every append too, so a copy lives wherever the logs go. */
  logger?: Logger;
  /** record() announces entries as SSE `audit` events. */
  events?: EventBus;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The append-only audit trail. There is deliberately no update or delete method (and the SQLite
 * store refuses both with triggers); each entry is chained to the previous one by hash, and the
 * newest one is signed with a key kept outside the database (the head), so an edited, removed or
 * truncated trail shows up in verify() — even when the newest rows, or all of them, are gone.
 */
export class AuditLog {
  readonly key: Buffer;
  private readonly anchor: HeadAnchor;
  /** The newest head written, so a slower append never overwrites a newer head. */
  private anchoredId = 0;
  private verifying: Promise<AuditVerification> | undefined;

  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly options: AuditLogOptions = {},
  ) {
    this.key = options.key ?? randomBytes(32);
    this.anchor = options.anchor ?? new MemoryHeadAnchor();
  }

  async append(record: AuditRecord): Promise<AuditEntry> {
    const entry = await this.store.appendLinked(
      (tail) => {
        const body: Omit<AuditEntry, 'prevHash' | 'hash'> = {
          ...record,
          id: (tail?.id ?? 0) + 1,
          at: new Date(this.clock.now()).toISOString(),
        };
        const prevHash = tail?.hash ?? GENESIS_HASH;
        return { ...body, prevHash, hash: hashEntry(prevHash, body) };
      },
      (entry) => this.signed('head', entry),
    );
    this.anchorHead(entry);
    // the first entry of a trail: from now on a missing head is never adopted again
    if (entry.id === 1) await this.store.setMark('anchored', this.signed('anchored', entry));
    return entry;
  }

  /** The one append API for other domains: logins, panel registry, maintenance, alert acks. */
  async record(record: DomainRecord): Promise<AuditEntry> {
    const entry = await this.append({
      actor: record.actor,
      role: record.role ?? null,
      action: record.action,
      serviceId: '',
      operationId: '',
      target: record.target,
      params: record.detail ?? {},
      outcome: 'ok',
      httpStatus: null,
      durationMs: null,
      reason: record.reason ?? null,
      approvalId: null,
    });
    this.options.events?.publish('audit', entry);
    return entry;
  }

  /**
   * A trail from before heads were signed gets a head for its current tail, once, at start: trust
   * on first use, said loudly in the log, and remembered (mark `anchored`). A trail that was
   * anchored and lost its head file is not re-signed: someone may have removed the newest rows
   * with it, so verify keeps failing until the head is restored (the log holds every head).
   */
  async anchorExisting(): Promise<void> {
    if (this.store.sharedHead) return this.anchorShared();
    if (this.anchor.read()) return;
    const tail = await this.store.tail();
    if (!tail) return;
    if (await this.store.mark('anchored')) {
      this.options.logger?.error(
        { id: tail.id },
        'the signed audit head is missing: restore it (the log has every head) — verify fails until then',
      );
      return;
    }
    this.options.logger?.warn(
      { id: tail.id },
      'audit trail had no signed head: signing its current tail',
    );
    this.anchorHead(tail);
    await this.store.setMark('anchored', this.signed('anchored', tail));
  }

  /**
   * anchorExisting for a store shared by several gateways: its head lives in the database. A
   * trail appended to before the database kept it (gateways that signed only their own head
   * file) gets one for its tail, once — unless this gateway's own head file reaches further than
   * the tail, which means the newest rows were removed.
   */
  private async anchorShared(): Promise<void> {
    if (await this.store.mark('head')) return;
    const tail = await this.store.tail();
    if (!tail) return;
    const own = this.anchor.read();
    if (own && macMatches(this.key, 'head', own) && own.id > tail.id) {
      this.options.logger?.error(
        { id: tail.id, ownHead: own.id },
        'the shared audit head is missing and this gateway signed a newer entry than the newest row: not re-signing — verify fails until restored',
      );
      return;
    }
    this.options.logger?.warn(
      { id: tail.id },
      'shared audit trail had no signed head in the database: signing its current tail',
    );
    await this.store.setMark('head', this.signed('head', tail));
    if (!(await this.store.mark('anchored')))
      await this.store.setMark('anchored', this.signed('anchored', tail));
  }

  /** Newest first. `nextBefore` is set when older entries match too. */
  query(filter: AuditFilter): Promise<AuditPage> {
    return this.store.page(filter);
  }

  /** Matching entries oldest first (chain order), for the NDJSON export. */
  iterate(filter: AuditScanFilter = {}): AsyncIterable<AuditEntry> {
    return this.store.scan(filter);
  }

  /**
   * Checks the chain against the signed head, walking only the entries after the last verified
   * checkpoint (or all of them with `full`), in slices that give the event loop a turn. Callers
   * arriving while a walk runs share it.
   */
  verify({ full = false }: { full?: boolean } = {}): Promise<AuditVerification> {
    if (full) return this.walk(true);
    this.verifying ??= this.walk(false).finally(() => (this.verifying = undefined));
    return this.verifying;
  }

  /** Moves entries older than `before` to an archive file in `dir` (see archiveAudit). */
  archive(options: { before: number; dir: string }): Promise<ArchiveResult | undefined> {
    return archiveAudit(this, this.store, options);
  }

  /** Where the live chain starts: after the archived part, if any. */
  async start(): Promise<{ id: number; hash: string } | { broken: string }> {
    const boundary = await this.store.mark('boundary');
    if (!boundary) return { id: 0, hash: GENESIS_HASH };
    if (!macMatches(this.key, 'boundary', boundary))
      return { broken: 'the archive boundary does not match its signature' };
    return boundary;
  }

  signBoundary(point: { id: number; hash: string }): AuditMark {
    return this.signed('boundary', point);
  }

  /** A point of the chain signed as `kind` (checkpoint, boundary, anchored). */
  private signed(kind: string, point: { id: number; hash: string }): AuditMark {
    return { id: point.id, hash: point.hash, mac: macOf(this.key, kind, point.id, point.hash) };
  }

  private anchorHead(point: { id: number; hash: string }): void {
    if (point.id <= this.anchoredId) return;
    this.anchoredId = point.id;
    const head: SignedHead = {
      id: point.id,
      hash: point.hash,
      count: point.id,
      mac: macOf(this.key, 'head', point.id, point.hash),
    };
    this.anchor.write(head);
    this.options.logger?.info({ auditHead: head }, 'audit head');
  }

  /**
   * The head verify checks: the database's when the store is shared (every gateway's appends),
   * else this gateway's own (its head file).
   */
  private async readHead(): Promise<SignedHead | undefined> {
    if (!this.store.sharedHead) return this.anchor.read();
    const mark = await this.store.mark('head');
    return mark && { id: mark.id, hash: mark.hash, count: mark.id, mac: mark.mac };
  }

  private async walk(full: boolean): Promise<AuditVerification> {
    const signed = await this.readHead();
    const head: AuditHead | null = signed
      ? { id: signed.id, hash: signed.hash, count: signed.count }
      : null;
    const fail = (brokenAt: number | null, reason: string, checked = 0, from = 0) => ({
      ok: false,
      checked,
      brokenAt,
      reason,
      from,
      head,
    });
    if (signed && !macMatches(this.key, 'head', signed))
      return fail(
        signed.id,
        'the signed head does not match its signature (edited, or another key)',
      );
    if (signed && this.store.sharedHead) {
      // this gateway's own head file is an extra anchor: the shared head must not be older than
      // an entry this gateway appended and signed (a head row rolled back with the newest rows)
      const own = this.anchor.read();
      if (own && macMatches(this.key, 'head', own) && own.id > signed.id)
        return fail(
          signed.id + 1,
          `the shared head names entry ${signed.id}, but this gateway signed entry ${own.id}: the newest entries and head were replaced`,
        );
    }
    const base = await this.start();
    if ('broken' in base) return fail(null, base.broken);
    if (!head) {
      const tail = await this.store.tail();
      if (tail) return fail(tail.id, 'there is no signed head for this trail');
      // an empty table is a new trail only if no entry was ever anchored; else rows and head went
      const anchored = await this.store.mark('anchored');
      if (anchored) return fail(anchored.id, 'the signed head and every entry are missing');
      return { ok: true, checked: 0, brokenAt: null, reason: null, from: base.id, head };
    }
    let from = base;
    const checkpoint = full ? undefined : await this.store.mark('checkpoint');
    if (
      checkpoint &&
      checkpoint.id > base.id &&
      checkpoint.id <= head.id &&
      macMatches(this.key, 'checkpoint', checkpoint)
    ) {
      const at = await this.store.get(checkpoint.id);
      if (!at || at.hash !== checkpoint.hash)
        return fail(
          checkpoint.id,
          'the last verified entry is missing or changed since',
          0,
          checkpoint.id,
        );
      from = checkpoint;
    }
    if (head.id < from.id)
      return fail(head.id, 'the signed head is older than the verified chain', 0, from.id);

    let prevHash = from.hash;
    let last = from.id;
    let checked = 0;
    for (;;) {
      const slice = await this.store.slice(last, head.id, VERIFY_SLICE);
      for (const entry of slice) {
        const broken = (reason: string) => fail(entry.id, reason, checked, from.id);
        if (entry.id !== last + 1) return broken(`entry ${last + 1} is missing`);
        if (entry.prevHash !== prevHash)
          return broken('prevHash does not match the previous entry');
        const { hash, prevHash: _prev, ...body } = entry;
        if (hashEntry(prevHash, body) !== hash)
          return broken('entry content does not match its hash');
        prevHash = hash;
        last = entry.id;
        checked += 1;
      }
      if (slice.length < VERIFY_SLICE) break;
      await yieldToLoop();
    }
    if (last !== head.id)
      return fail(
        last + 1,
        `entries ${last + 1}–${head.id} are missing: the signed head says the chain reaches ${head.id}`,
        checked,
        from.id,
      );
    if (prevHash !== head.hash)
      return fail(head.id, 'the newest entry does not match the signed head', checked, from.id);
    await this.store.setMark('checkpoint', this.signed('checkpoint', head));
    return { ok: true, checked, brokenAt: null, reason: null, from: from.id, head };
  }
}
