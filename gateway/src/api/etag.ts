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
