import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { start } from './spawn.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a built front end on 127.0.0.1 for the browser benchmarks: no compression (the
 * benchmark gzips what the browser downloaded itself), no caching, CORS open for remotes,
 * and for the shell (spa) every unknown path answers index.html with the gateway URL written
 * into its <meta name="aether-gateway">. packages/static-server (aether-static) does not exist
 * yet in this checkout; this stands in for it and does nothing that would flatter the figures.
 */
export async function serveStatic(
  dir: string,
  options: { spa?: boolean; gatewayUrl?: () => string } = {},
): Promise<StaticServer> {
  if (!existsSync(dir))
    throw new Error(`${dir} is missing: build the front ends first (npx turbo run build)`);
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(dir, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      file = options.spa || pathname === '/' ? path.join(dir, 'index.html') : '';
    }
    const headers: Record<string, string> = {
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    };
    if (!file || !existsSync(file)) {
      res.writeHead(404, headers).end();
      return;
    }
    let body: Buffer | string = readFileSync(file);
    if (file.endsWith('index.html') && options.gatewayUrl) {
      body = body
        .toString('utf8')
        .replace(
          '<meta name="aether-gateway" content="" />',
          `<meta name="aether-gateway" content="${options.gatewayUrl()}" />`,
        );
    }
    res
      .writeHead(200, {
        ...headers,
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface AetherStaticOptions {
  dir: string;
  /** 0 lets the server pick (it prints the port it listens on). */
  port?: number;
  spa?: boolean;
  cors?: string[];
  gatewayUrl?: string;
  cspFromRegistry?: string;
}

/**
 * The project's own production static server (packages/static-server, `aether-static`) in a
 * process of its own: caching, compression, CORS, SPA fallback, CSP from the registry — what a
 * user's browser really meets. Falls back to serveStatic when it is not built.
 */
export async function startAetherStatic(
  root: string,
  options: AetherStaticOptions,
): Promise<StaticServer & { kind: string }> {
  const bin = path.join(root, 'packages/static-server/bin/aether-static.js');
  if (!existsSync(path.join(root, 'packages/static-server/dist/cli.js'))) {
    const fallback = await serveStatic(options.dir, {
      spa: options.spa,
      ...(options.gatewayUrl ? { gatewayUrl: () => options.gatewayUrl! } : {}),
    });
    return { ...fallback, kind: 'bench static server (aether-static not built)' };
  }
  if (!existsSync(options.dir))
    throw new Error(`${options.dir} is missing: build the front ends first (npx turbo run build)`);
  const args = [
    bin,
    '--dir',
    options.dir,
    '--port',
    String(options.port ?? 0),
    '--host',
    '127.0.0.1',
  ];
  if (options.spa) args.push('--spa');
  if (options.cors) args.push('--cors', options.cors.join(','));
  if (options.gatewayUrl) args.push('--gateway-url', options.gatewayUrl);
  if (options.cspFromRegistry) args.push('--csp-from-registry', options.cspFromRegistry);
  const child = start(process.execPath, args, { cwd: root });
  const deadline = Date.now() + 20_000;
  let match: RegExpExecArray | null = null;
  while (!(match = /listening on (http:\/\/[^\s]+)/.exec(child.output()))) {
    if (child.process.exitCode !== null || Date.now() > deadline) {
      await child.stop();
      throw new Error(`aether-static did not start: ${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = match[1]!.replace(/\/$/, '');
  return {
    url,
    port: Number(new URL(url).port),
    kind: 'aether-static',
    close: async () => void (await child.stop()),
  };
}
