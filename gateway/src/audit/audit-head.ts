import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AuditHead } from '@aether/contract';

/** A head (or checkpoint, or archive boundary) with its HMAC. */
export type SignedHead = AuditHead & { mac: string };

/** HMAC over what a signed point says; `kind` keeps a checkpoint from passing as a head. */
export function macOf(key: Buffer, kind: string, id: number, hash: string, count = id): string {
  return createHmac('sha256', key).update(`${kind}\n${id}\n${hash}\n${count}`).digest('hex');
}

export function macMatches(
  key: Buffer,
  kind: string,
  point: { id: number; hash: string; mac: string; count?: number },
): boolean {
  const expected = Buffer.from(
    macOf(key, kind, point.id, point.hash, point.count ?? point.id),
    'hex',
  );
  const given = Buffer.from(point.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where the signed head lives outside the database. */
export interface HeadAnchor {
  read(): SignedHead | undefined;
  write(head: SignedHead): void;
}

/** The head in a file, replaced atomically (write then rename) so a crash leaves the old or the new one. */
export class FileHeadAnchor implements HeadAnchor {
  constructor(private readonly path: string) {}

  read(): SignedHead | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return JSON.parse(text) as SignedHead;
  }

  write(head: SignedHead): void {
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, `${JSON.stringify(head)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
  }
}

/** For a `:memory:` trail: the head lives exactly as long as the rows it anchors. */
export class MemoryHeadAnchor implements HeadAnchor {
  private head: SignedHead | undefined;
  read(): SignedHead | undefined {
    return this.head;
  }
  write(head: SignedHead): void {
    this.head = head;
  }
}
