import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type RunningStaticServer } from './static-server.js';

let dir: string;
let outside: string;
let server: RunningStaticServer;
let spa: RunningStaticServer;

const BIG_JS = `export const data = ${JSON.stringify('x'.repeat(5000))};\n`;
const INDEX =
  '<!doctype html><html><head><meta name="aether-gateway" content="" /></head><body>shell</body></html>';

/** Boot data with an empty registry and, on /p/health only, the panel's preloads and first reads. */
const bootOf = (requests: string[]) => (pathname: string) => ({
  registry: { url: 'http://gw.example:8080/api/panels', panels: [] },
  preloads:
    pathname === '/p/health'
      ? { entry: 'http://p.example/remoteEntry.js', scripts: [], requests }
      : undefined,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-static-'));
  outside = mkdtempSync(join(tmpdir(), 'aether-outside-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-DAcXPgA1.js'), BIG_JS);
  writeFileSync(join(dir, 'assets', 'tiny-C7lejaCb.css'), 'a{}');
  writeFileSync(join(dir, 'mf-manifest.json'), JSON.stringify({ name: 'aether_panel_health' }));
  writeFileSync(join(dir, 'remoteEntry.js'), 'export const init = 1;');
  writeFileSync(join(dir, 'docs', 'index.html'), '<p>docs</p>');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'escape.txt'));
  server = await startStaticServer({
    dir,
    port: 0,
    cors: ['http://localhost:5173'],
    gatewayUrl: 'http://gw.example:8080',
    csp: () => "script-src 'self'",
  });
  spa = await startStaticServer({
    dir,
    port: 0,
    spa: true,
    boot: bootOf([]),
  });
});

afterAll(async () => {
  await server?.close();
  await spa?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch would decompress for us and normalise the path (no ../ on the wire). */
function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('caching', () => {
  it.each([
    ['/assets/index-DAcXPgA1.js', 'public, max-age=31536000, immutable'],
    ['/index.html', 'no-cache'],
    ['/mf-manifest.json', 'no-cache'],
    ['/remoteEntry.js', 'no-cache'],
  ])('%s → %s', async (path, cacheControl) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe(cacheControl);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get(server.url, '/mf-manifest.json');
    const again = await get(server.url, '/mf-manifest.json', {
      'if-none-match': String(first.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});

describe('compression', () => {
  it.each([
    ['br', (b: Buffer) => brotliDecompressSync(b)],
    ['gzip', (b: Buffer) => gunzipSync(b)],
  ] as const)('serves %s when accepted', async (encoding, decode) => {
    const res = await get(server.url, '/assets/index-DAcXPgA1.js', {
      'accept-encoding': encoding === 'br' ? 'gzip, br' : 'gzip, br;q=0',
    });
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.body.length).toBeLessThan(BIG_JS.length);
    expect(decode(res.body).toString()).toBe(BIG_JS);
  });

  it('sends identity when nothing is accepted, and leaves tiny files alone', async () => {
    expect(
      (await get(server.url, '/assets/index-DAcXPgA1.js')).headers['content-encoding'],
    ).toBeUndefined();
    expect(
      (await get(server.url, '/assets/tiny-C7lejaCb.css', { 'accept-encoding': 'br' })).headers[
        'content-encoding'
      ],
    ).toBeUndefined();
  });
});

describe('requests', () => {
  it('answers HEAD with the headers and no body', async () => {
    const res = await get(server.url, '/assets/index-DAcXPgA1.js', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(BIG_JS.length));
    expect(res.body.length).toBe(0);
  });

  it('serves a folder index and 404s what is not there', async () => {
    expect((await get(server.url, '/docs/')).body.toString()).toBe('<p>docs</p>');
    expect((await get(server.url, '/nope.js')).status).toBe(404);
    expect((await get(server.url, '/p/health/services')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await get(server.url, '/index.html', {}, 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it.each([
    ['/../../etc/passwd', 403],
    ['/%2e%2e/%2e%2e/etc/passwd', 403],
    ['/assets/..%2f..%2fetc%2fpasswd', 403],
    ['/.env', 403],
    ['/escape.txt', 404],
    ['/%E0%A4%A', 400],
    ['/a%00b', 400],
  ])('refuses %s (%i)', async (path, status) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(status);
    expect(res.body.toString()).not.toContain('secret');
  });

  it('has /healthz', async () => {
    const res = await get(server.url, '/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ status: 'ok' });
  });
});

describe('CORS for remotes', () => {
  it('lets an allowed origin read the files, and only that origin', async () => {
    const allowed = await get(server.url, '/mf-manifest.json', { origin: 'http://localhost:5173' });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(allowed.headers.vary).toContain('Origin');
    const other = await get(server.url, '/mf-manifest.json', { origin: 'http://evil.test' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight', async () => {
    const res = await get(
      server.url,
      '/remoteEntry.js',
      { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
      'OPTIONS',
    );
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD');
  });
});

describe('the shell', () => {
  it('puts the CSP and the gateway URL on HTML, not on scripts', async () => {
    const html = await get(server.url, '/');
    expect(html.headers['content-security-policy']).toBe(
      "script-src 'self'; frame-ancestors 'none'",
    );
    expect(html.body.toString()).toContain(
      '<meta name="aether-gateway" content="http://gw.example:8080" />',
    );
    expect(
      (await get(server.url, '/remoteEntry.js')).headers['content-security-policy'],
    ).toBeUndefined();
  });

  it('writes the registry into every page and the preloads of the panel it shows', async () => {
    const other = (await get(spa.url, '/', { accept: 'text/html' })).body.toString();
    expect(other).toContain(
      '<script type="application/json" id="aether-registry">{"url":"http://gw.example:8080/api/panels","panels":[]}</script>',
    );
    expect(other).not.toContain('modulepreload');
    const page = await get(spa.url, '/p/health', { accept: 'text/html' });
    expect(page.body.toString()).toContain(
      '<link rel="modulepreload" href="http://p.example/remoteEntry.js" />',
    );
    // a page carrying other data is another answer to a cache
    expect(page.headers.etag).not.toBe((await get(spa.url, '/')).headers.etag);
  });

  it('names the reads the served folder declares for its page in the block', async () => {
    const shell = mkdtempSync(join(tmpdir(), 'aether-shell-'));
    const block = (html: Buffer) =>
      JSON.parse(/id="aether-registry">(.*?)<\/script>/.exec(html.toString())![1]!) as {
        requests?: string[];
      };
    writeFileSync(
      join(shell, 'index.html'),
      '<!doctype html><html><head><script src="/early-requests.js"></script></head><body></body></html>',
    );
    const running = await startStaticServer({
      dir: shell,
      port: 0,
      spa: true,
      boot: bootOf(['/api/x']),
    });
    try {
      // none declared: the page carries none
      expect(block((await get(running.url, '/')).body).requests).toBeUndefined();
      writeFileSync(
        join(shell, 'aether-first-requests.json'),
        JSON.stringify({ '/': ['/api/services?status=down&limit=200', 'http://evil.test/api/x'] }),
      );
      // read with the page: a build in place is served at once; gateway /api/ reads only
      expect(block((await get(running.url, '/')).body).requests).toEqual([
        '/api/services?status=down&limit=200',
      ]);
      // a page with a query is another view; a panel's page carries the panel's own
      expect(block((await get(running.url, '/?q=1')).body).requests).toBeUndefined();
      expect(block((await get(running.url, '/p/health')).body).requests).toEqual(['/api/x']);
    } finally {
      await running.close();
      rmSync(shell, { recursive: true, force: true });
    }
  });

  it('falls back to index.html for page routes with --spa, not for missing assets', async () => {
    const page = await get(spa.url, '/p/health/services/orders', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('shell');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get(spa.url, '/assets/missing-AbCdEf12.js')).status).toBe(404);
  });
});
