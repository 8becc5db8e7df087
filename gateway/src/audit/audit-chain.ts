import { setImmediate as nextTurn } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditHead, AuditVerification } from '@aether/contract';
import type { AuditStore } from '../store/domain/audit-store.js';
import { macMatches, macOf, type HeadAnchor, type SignedHead } from './audit-head.js';
import { canonicalJson } from './canonical-json.js';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Entries walked per slice of a verify; the event loop gets a turn between slices. */
const VERIFY_SLICE = 500;

/** sha256 over the previous entry's hash and the canonical JSON of this entry (id and time included). */
export function hashEntry(prevHash: string, entry: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/**
 * The head verify checks: the database's when the store is shared (every gateway's appends),
 * else this gateway's own (its head file).
 */
async function readHead(store: AuditStore, anchor: HeadAnchor): Promise<SignedHead | undefined> {
  if (!store.sharedHead) return anchor.read();
  const mark = await store.mark('head');
  return mark && { id: mark.id, hash: mark.hash, count: mark.id, mac: mark.mac };
}

/**
 * Checks the chain against the signed head, walking only the entries after the last verified
 * checkpoint (or all of them with `full`), in slices that give the event loop a turn; a walk that
 * reaches the head leaves a signed checkpoint there.
 */
export async function verifyChain(options: {
  store: AuditStore;
  key: Buffer;
  anchor: HeadAnchor;
  /** Where the live chain starts (AuditLog.start): after the archived part, if any. */
  start: () => Promise<{ id: number; hash: string } | { broken: string }>;
  full: boolean;
}): Promise<AuditVerification> {
  const { store, key, anchor, full } = options;
  const signed = await readHead(store, anchor);
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
  if (signed && !macMatches(key, 'head', signed))
    return fail(signed.id, 'the signed head does not match its signature (edited, or another key)');
  if (signed && store.sharedHead) {
    // this gateway's own head file is an extra anchor: the shared head must not be older than
    // an entry this gateway appended and signed (a head row rolled back with the newest rows)
    const own = anchor.read();
    if (own && macMatches(key, 'head', own) && own.id > signed.id)
      return fail(
        signed.id + 1,
        `the shared head names entry ${signed.id}, but this gateway signed entry ${own.id}: the newest entries and head were replaced`,
      );
  }
  const base = await options.start();
  if ('broken' in base) return fail(null, base.broken);
  if (!head) {
    const tail = await store.tail();
    if (tail) return fail(tail.id, 'there is no signed head for this trail');
    // an empty table is a new trail only if no entry was ever anchored; else rows and head went
    const anchored = await store.mark('anchored');
    if (anchored) return fail(anchored.id, 'the signed head and every entry are missing');
    return { ok: true, checked: 0, brokenAt: null, reason: null, from: base.id, head };
  }
  let from = base;
  const checkpoint = full ? undefined : await store.mark('checkpoint');
  if (
    checkpoint &&
    checkpoint.id > base.id &&
    checkpoint.id <= head.id &&
    macMatches(key, 'checkpoint', checkpoint)
  ) {
    const at = await store.get(checkpoint.id);
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
    const slice = await store.slice(last, head.id, VERIFY_SLICE);
    for (const entry of slice) {
      const broken = (reason: string) => fail(entry.id, reason, checked, from.id);
      if (entry.id !== last + 1) return broken(`entry ${last + 1} is missing`);
      if (entry.prevHash !== prevHash) return broken('prevHash does not match the previous entry');
      const { hash, prevHash: _prev, ...body } = entry;
      if (hashEntry(prevHash, body) !== hash)
        return broken('entry content does not match its hash');
      prevHash = hash;
      last = entry.id;
      checked += 1;
    }
    if (slice.length < VERIFY_SLICE) break;
    await nextTurn();
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
  await store.setMark('checkpoint', {
    id: head.id,
    hash: head.hash,
    mac: macOf(key, 'checkpoint', head.id, head.hash),
  });
  return { ok: true, checked, brokenAt: null, reason: null, from: from.id, head };
}
