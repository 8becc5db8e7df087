import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditEntry, AuditVerification, Role } from '@aether/contract';
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
import { GENESIS_HASH, hashEntry, verifyChain } from './audit-chain.js';
import {
  MemoryHeadAnchor,
  macMatches,
  macOf,
  type HeadAnchor,
  type SignedHead,
} from './audit-head.js';

export type { AuditFilter } from '../store/domain/audit-store.js';
export { GENESIS_HASH, hashEntry } from './audit-chain.js';

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
    const walk = (full: boolean) =>
      verifyChain({
        store: this.store,
        key: this.key,
        anchor: this.anchor,
        start: () => this.start(),
        full,
      });
    if (full) return walk(true);
    this.verifying ??= walk(false).finally(() => (this.verifying = undefined));
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
}
