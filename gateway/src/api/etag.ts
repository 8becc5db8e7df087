/**
 * Whether If-None-Match names this ETag (weak comparison, RFC 9110 §13.1.2). Koa's ctx.fresh is not
 * used: it treats a request's `Cache-Control: no-cache` as "never fresh", and fetch() adds exactly
 * that header whenever a client sets If-None-Match itself, so no fetch client would ever get a 304.
 */
export function ifNoneMatchHits(header: string, etag: string): boolean {
  if (header === '') return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}

/** A JSON answer serialized once and kept: its bytes, their ETag and a gzip made on first use. */
export interface CachedJson {
  /** May be a getter that serializes on first read. */
  readonly body: Buffer;
  etag: string;
  /** The gzip, or a promise of it while it is made on the thread pool (a 3 MB body is ~20 ms of zlib). */
  gzipped(): Buffer | Promise<Buffer>;
}

/**
 * Answers with a cached JSON body: its ETag (304 when If-None-Match names it), gzip when the
 * caller accepts it, the plain bytes otherwise.
 */
export async function sendCachedJson(
  ctx: {
    set(field: string, value: string): void;
    vary(field: string): void;
    get(field: string): string;
    acceptsEncodings(...encodings: string[]): string | false;
    status: number;
    type: string;
    body: unknown;
  },
  cached: CachedJson,
): Promise<void> {
  // the body is read only when sent: a 304 or a gzip answer never joins the plain bytes it did not need
  const { etag } = cached;
  ctx.set('ETag', etag);
  ctx.vary('Accept-Encoding');
  if (ifNoneMatchHits(ctx.get('if-none-match'), etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json';
  if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
    const zipped = cached.gzipped();
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = zipped instanceof Promise ? await zipped : zipped;
  } else {
    ctx.body = cached.body;
  }
}
