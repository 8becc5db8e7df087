import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { cacheControlFor } from './cache-policy.js';
import { CompressionCache, negotiateEncoding } from './compression.js';
import { contentTypeOf, isCompressible } from './content-types.js';
import { securityHeaders } from './security-headers.js';
import {
  declaredRequests,
  withBootData,
  type PanelPreloads,
  type RegistryPanel,
} from './shell-boot.js';

export interface StaticServerOptions {
  /** Folder to serve. */
  dir: string;
  /** Serve index.html for unknown paths that look like pages (the shell's client-side routes). */
  spa?: boolean;
  /** Origins allowed to read the files cross-origin ("*" for any): panel remotes loaded by the shell. */
  cors?: readonly string[];
  /** Content-Security-Policy for HTML answers, asked per request so it can follow the registry. */
  csp?: () => string | undefined;
  /** Written into <meta name="aether-gateway" content> of HTML answers, so one build works anywhere. */
  gatewayUrl?: string;
  /**
   * What HTML answers carry for the shell's start, asked per request (the page's path): the panel
   * registry as a data block and the scripts to modulepreload (shell-boot.ts). With it, the reads
   * the served folder declares for a page of its own (aether-first-requests.json at its root, by
   * page path: the shell's Now view at /) go into the block too, after the shown panel's.
   */
  boot?: (
    pathname: string,
    search: string,
  ) => {
    registry?: { url: string; panels: readonly RegistryPanel[] };
    preloads?: PanelPreloads;
  };
  /** Believe X-Forwarded-Proto from a TLS-terminating proxy (HSTS is sent only over TLS). */
  trustProxy?: boolean;
}

const MIN_COMPRESS_BYTES = 1024;

interface FileHit {
  path: string;
  stats: Stats;
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The request path as a file inside root, or an error status: 400 malformed, 403 outside root or hidden. */
function resolveInside(root: string, rawUrl: string): string | 400 | 403 {
  let pathname: string;
  try {
    // Decode the path as sent: URL parsing would quietly resolve "..", hiding the attempt.
    pathname = decodeURIComponent(rawUrl.split(/[?#]/)[0] ?? '/');
  } catch {
    return 400;
  }
  if (!pathname.startsWith('/')) return 400;
  if (pathname.includes('\0')) return 400;
  // Refuse rather than normalise: a request with .. segments or a hidden file is not a mistake.
  const segments = pathname.split(/[/\\]/);
  if (segments.some((s) => s === '..')) return 403;
  if (segments.some((s) => s.startsWith('.') && s !== '.well-known' && s !== '')) return 403;
  const full = resolve(root, `.${pathname}`);
  if (full !== root && !full.startsWith(root + sep)) return 403;
  return full;
}

function findFile(root: string, path: string): FileHit | undefined {
  for (const candidate of [path, join(path, 'index.html')]) {
    try {
      const stats = statSync(candidate);
      if (!stats.isFile()) continue;
      // A symlink pointing out of the served folder is traversal too.
      const real = realpathSync(candidate);
      if (real !== root && !real.startsWith(root + sep)) return undefined;
      return { path: candidate, stats };
    } catch {
      // not there: try the next candidate
    }
  }
  return undefined;
}

function wantsPage(req: IncomingMessage): boolean {
  const last = new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '';
  return (
    !last.includes('.') &&
    (req.headers.accept ?? '*/*').split(',').some((t) => /text\/html|\*\/\*/.test(t))
  );
}

/** At the root of the served folder (the shell's build): the gateway reads each page's first paint waits for. */
const FIRST_REQUESTS = 'aether-first-requests.json';

/** The reads the served folder declares for one of its pages (none for a page with a query). */
function ownRequests(root: string, pathname: string, search: string): string[] {
  if (search) return [];
  let declared: unknown;
  try {
    // read with the page, as the page itself is: a new build in place is served at once
    declared = JSON.parse(readFileSync(join(root, FIRST_REQUESTS), 'utf8'));
  } catch {
    return []; // none declared (a panel's folder, an older shell) or unreadable: no early reads
  }
  return declaredRequests(declared, pathname) ?? [];
}

function withGatewayMeta(html: Buffer, gatewayUrl: string): Buffer {
  const escaped = gatewayUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return Buffer.from(
    html
      .toString('utf8')
      .replace(/(<meta\s+name="aether-gateway"\s+content=")[^"]*(")/, `$1${escaped}$2`),
  );
}

/** The request handler of aether-static, separate from listen so tests and other hosts can use it. */
export function createStaticHandler(options: StaticServerOptions) {
  const root = realpathSync(resolve(options.dir));
  const compression = new CompressionCache();
  const cors = options.cors ?? [];

  return (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    const headers = securityHeaders(req, false, { trustProxy: options.trustProxy });
    if (origin && (cors.includes('*') || cors.includes(origin))) {
      headers['access-control-allow-origin'] = cors.includes('*') ? '*' : origin;
      headers.vary = 'Origin';
      // Remotes' scripts are loaded as modules from another origin; let that origin embed them.
      headers['cross-origin-resource-policy'] = 'cross-origin';
    }

    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...headers,
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-max-age': '600',
        allow: 'GET, HEAD, OPTIONS',
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method Not Allowed\n', { ...headers, allow: 'GET, HEAD, OPTIONS' });

    const url = req.url ?? '/';
    if (url === '/healthz' || url.startsWith('/healthz?')) {
      return send(res, 200, '{"status":"ok"}\n', {
        ...headers,
        'content-type': 'application/json',
      });
    }

    const target = resolveInside(root, url);
    if (target === 400) return send(res, 400, 'Bad Request\n', headers);
    if (target === 403) return send(res, 403, 'Forbidden\n', headers);

    let hit = findFile(root, target);
    let fallback = false;
    if (!hit && options.spa && wantsPage(req)) {
      hit = findFile(root, join(root, 'index.html'));
      fallback = true;
    }
    if (!hit) return send(res, 404, 'Not Found\n', headers);

    const contentType = contentTypeOf(hit.path);
    const isHtml = contentType.startsWith('text/html');
    let body: Buffer = readFileSync(hit.path);
    if (isHtml && options.gatewayUrl) body = withGatewayMeta(body, options.gatewayUrl);
    if (isHtml && options.boot) {
      const { pathname, search } = new URL(url, 'http://x');
      const { registry, preloads } = options.boot(pathname, search);
      const requests = [...(preloads?.requests ?? []), ...ownRequests(root, pathname, search)];
      if (registry || preloads)
        body = Buffer.from(withBootData(body.toString('utf8'), registry, preloads, requests));
    }
    const csp = isHtml ? options.csp?.() : undefined;
    // The ETag follows what is sent, so a new gateway URL or policy is never served from a stale cache.
    const etag = `"${createHash('sha1')
      .update(body)
      .update(csp ?? '')
      .digest('base64url')
      .slice(0, 20)}"`;

    Object.assign(headers, {
      'content-type': contentType,
      'cache-control': fallback ? 'no-cache' : cacheControlFor(hit.path),
      etag,
      'last-modified': hit.stats.mtime.toUTCString(),
    });
    Object.assign(
      headers,
      securityHeaders(req, isHtml, {
        csp,
        gatewayUrl: options.gatewayUrl,
        trustProxy: options.trustProxy,
      }),
    );

    const compressible = isCompressible(contentType) && body.length >= MIN_COMPRESS_BYTES;
    if (compressible)
      headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';

    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }

    const encoding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
    if (encoding) {
      const source = body;
      body = compression.get(`${hit.path}\n${etag}`, encoding, () => source);
      headers['content-encoding'] = encoding;
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

export interface RunningStaticServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startStaticServer(
  options: StaticServerOptions & { port: number; host?: string },
): Promise<RunningStaticServer> {
  const handler = createStaticHandler(options);
  const server = createServer((req, res) => {
    try {
      handler(req, res);
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
      else res.destroy(error as Error);
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
