import { basename } from 'node:path';

/** Files whose URL never changes while their content does: they must be revalidated every time. */
const ALWAYS_FRESH = new Set([
  'index.html',
  'mf-manifest.json',
  'mf-stats.json',
  'remoteEntry.js',
  'remoteEntry.ssr.js',
  'varRemoteEntry.js',
]);

/**
 * A content hash in the file name, as Vite/Rolldown write it: index-DAcXPgA1.js, utils-CBlg3CWy.css,
 * mf-entry-bootstrap-0-7c08269d.js. A plain word ("-manifest") has no digit or capital, so it is not one.
 */
function isHashed(name: string): boolean {
  const m = /[-.]([A-Za-z0-9_]{8,})\.[a-z0-9]+(\.map)?$/.exec(name);
  return m !== null && /[A-Z0-9]/.test(m[1]!);
}

export function cacheControlFor(path: string): string {
  const name = basename(path);
  if (ALWAYS_FRESH.has(name) || name.endsWith('.html')) return 'no-cache';
  if (isHashed(name)) return 'public, max-age=31536000, immutable';
  // Anything else (favicon, robots.txt…): may be cached, but is revalidated with its ETag.
  return 'no-cache';
}
