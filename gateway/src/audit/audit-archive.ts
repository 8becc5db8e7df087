import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '@aether/contract';
import type { AuditStore } from '../store/domain/audit-store.js';
import { macMatches, macOf } from './audit-head.js';
import { hashEntry, type AuditLog } from './audit-log.js';

const SLICE = 500;
const KIND = 'aether-audit-archive';

export interface ArchiveResult {
  file: string;
  firstId: number;
  lastId: number;
  entries: number;
}

/** What the archive's last line signs: where it starts (the chain before it) and where it ends. */
const archiveKind = (after: { id: number; hash: string }) => `archive:${after.id}:${after.hash}`;

/**
 * Moves the entries older than `before` out of the live table into an NDJSON file that stays
 * verifiable on its own: its first line names the entry it follows (id and hash), its last line
 * signs its first and last links with the audit key, and every entry keeps its hash. The live
 * chain then starts at a signed boundary (the last archived entry). Refuses a trail that does not
 * verify: a broken chain is evidence, not something to tidy away.
 */
export async function archiveAudit(
  log: AuditLog,
  store: AuditStore,
  { before, dir }: { before: number; dir: string },
): Promise<ArchiveResult | undefined> {
  const verified = await log.verify();
  if (!verified.ok)
    throw new Error(`refusing to archive an audit trail that does not verify: ${verified.reason}`);
  const start = await log.start();
  if ('broken' in start) throw new Error(start.broken);
  const cutoff = new Date(before).toISOString();
  const old: AuditEntry[] = [];
  for (let after = start.id; ;) {
    const slice = await store.slice(after, Number.MAX_SAFE_INTEGER, SLICE);
    const due = slice.filter((entry) => entry.at < cutoff);
    old.push(...due);
    if (due.length < slice.length || slice.length < SLICE) break;
    after = slice[slice.length - 1]!.id;
  }
  // Entries are in time order, but stop at the first one not yet due all the same.
  const firstNotDue = old.findIndex((entry, i) => entry.id !== start.id + i + 1);
  const entries = firstNotDue < 0 ? old : old.slice(0, firstNotDue);
  if (entries.length === 0) return undefined;
  const last = entries[entries.length - 1]!;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `audit-${entries[0]!.id}-${last.id}.ndjson`);
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(
      fd,
      `${JSON.stringify({ kind: KIND, version: 1, after: { id: start.id, hash: start.hash } })}\n`,
    );
    for (const entry of entries) writeSync(fd, `${JSON.stringify(entry)}\n`);
    const mac = macOf(log.key, archiveKind(start), last.id, last.hash);
    writeSync(fd, `${JSON.stringify({ kind: 'end', id: last.id, hash: last.hash, mac })}\n`);
    // on disk before the rows go
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  await store.archiveThrough(log.signBoundary(last));
  return { file, firstId: entries[0]!.id, lastId: last.id, entries: entries.length };
}

/** Checks an archive file on its own: every link, and the signature over its ends. */
export function verifyArchive(
  file: string,
  key: Buffer,
):
  | {
      ok: true;
      after: { id: number; hash: string };
      last: { id: number; hash: string };
      entries: number;
    }
  | { ok: false; reason: string } {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const header = JSON.parse(lines[0] ?? '{}') as {
    kind?: string;
    after?: { id: number; hash: string };
  };
  const footer = JSON.parse(lines[lines.length - 1] ?? '{}') as {
    kind?: string;
    id: number;
    hash: string;
    mac: string;
  };
  if (header.kind !== KIND || !header.after || footer.kind !== 'end')
    return { ok: false, reason: 'not an audit archive (first or last line missing)' };
  let prevHash = header.after.hash;
  let id = header.after.id;
  for (const line of lines.slice(1, -1)) {
    const entry = JSON.parse(line) as AuditEntry;
    if (entry.id !== id + 1) return { ok: false, reason: `entry ${id + 1} is missing` };
    const { hash, prevHash: linked, ...body } = entry;
    if (linked !== prevHash)
      return { ok: false, reason: `entry ${entry.id}: prevHash does not match` };
    if (hashEntry(prevHash, body) !== hash)
      return { ok: false, reason: `entry ${entry.id}: content does not match its hash` };
    prevHash = hash;
    id = entry.id;
  }
  if (footer.id !== id || footer.hash !== prevHash)
    return { ok: false, reason: 'the last line does not name the last entry' };
  if (!macMatches(key, archiveKind(header.after), footer))
    return { ok: false, reason: 'the archive does not match its signature' };
  return { ok: true, after: header.after, last: { id, hash: prevHash }, entries: lines.length - 2 };
}
