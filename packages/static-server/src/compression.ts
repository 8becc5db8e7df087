import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (q=0 refuses), brotli first. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
    accepted.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

export function compress(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipSync(body, { level: 9 });
}

/**
 * Compressed bodies kept by file identity (path, size, mtime), so each file is compressed once
 * per encoding while it does not change. Bounded: the oldest entries go first.
 */
export class CompressionCache {
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string, encoding: Encoding, body: () => Buffer): Buffer {
    const id = `${encoding}\n${key}`;
    let hit = this.entries.get(id);
    if (!hit) {
      hit = compress(body(), encoding);
      this.entries.set(id, hit);
      if (this.entries.size > this.maxEntries)
        this.entries.delete(this.entries.keys().next().value!);
    }
    return hit;
  }
}
