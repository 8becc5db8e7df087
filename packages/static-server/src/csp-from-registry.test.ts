import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryCsp } from './csp-from-registry.js';

/** A stand-in gateway on loopback answering GET /api/panels with whatever the test sets. */
let registry: Server;
let base: string;
let answer: { status: number; body: unknown } = { status: 200, body: [] };
/** A gateway with auth.anonymous none: the registry only for this bearer token, when set. */
let requiredToken: string | undefined;
let manifestReads = 0;

beforeAll(async () => {
  registry = createServer((req, res) => {
    if (req.url === '/health/mf-manifest.json') {
      manifestReads += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          metaData: { publicPath: 'auto', remoteEntry: { name: 'remoteEntry.js', path: '' } },
          exposes: [{ path: './Panel', assets: { js: { sync: ['assets/panel-A.js'] } } }],
        }),
      );
      return;
    }
    if (req.url === '/health/aether-first-requests.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ '/': ['/api/services?limit=100', 'http://evil.test/x'] }));
      return;
    }
    if (req.url !== '/api/panels') {
      res.writeHead(404).end();
      return;
    }
    if (requiredToken && req.headers.authorization !== `Bearer ${requiredToken}`) {
      res.writeHead(401, { 'content-type': 'application/problem+json' }).end('{}');
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

const scriptSrc = (csp: string) => csp.split('; ').find((d) => d.startsWith('script-src'));

describe('RegistryCsp', () => {
  it('fails closed before the registry answers, then follows it, keeping the last good policy on failure', async () => {
    answer = { status: 503, body: { title: 'down' } };
    const errors: string[] = [];
    const csp = new RegistryCsp({ registryUrl: base, onError: (e) => errors.push(e.message) });
    await csp.refresh();
    expect(scriptSrc(csp.current)).toBe("script-src 'self'");
    expect(csp.current).toContain(`connect-src 'self' ${base}`);
    expect(errors[0]).toMatch(/HTTP 503/);

    answer = {
      status: 200,
      body: [
        { id: 'health', entry: 'http://127.0.0.1:6001/mf-manifest.json' },
        { id: 'x', entry: 'http://127.0.0.1:6002/mf-manifest.json', disabled: true },
      ],
    };
    await csp.refresh();
    expect(scriptSrc(csp.current)).toBe("script-src 'self' http://127.0.0.1:6001");

    answer = { status: 200, body: { not: 'a list' } };
    await csp.refresh();
    expect(csp.lastRefreshOk).toBe(false);
    expect(scriptSrc(csp.current)).toBe("script-src 'self' http://127.0.0.1:6001");
  });

  it('accepts the /api/panels URL itself and extra sources', async () => {
    answer = { status: 200, body: [] };
    const csp = new RegistryCsp({
      registryUrl: `${base}/api/panels`,
      extraSources: ['http://127.0.0.1:*'],
    });
    await csp.refresh();
    expect(csp.lastRefreshOk).toBe(true);
    expect(scriptSrc(csp.current)).toBe("script-src 'self' http://127.0.0.1:*");
  });

  it('reads a registry closed to anonymous callers with a token of its own', async () => {
    requiredToken = 'static-viewer-token';
    answer = {
      status: 200,
      body: [{ id: 'health', entry: 'http://127.0.0.1:6001/mf-manifest.json' }],
    };
    try {
      const errors: string[] = [];
      const anonymous = new RegistryCsp({
        registryUrl: base,
        onError: (e) => errors.push(e.message),
      });
      await anonymous.refresh();
      expect(anonymous.lastRefreshOk).toBe(false);
      expect(errors[0]).toMatch(/HTTP 401/);

      const withToken = new RegistryCsp({ registryUrl: base, token: requiredToken });
      await withToken.refresh();
      expect(withToken.lastRefreshOk).toBe(true);
      expect(scriptSrc(withToken.current)).toContain('http://127.0.0.1:6001');
    } finally {
      requiredToken = undefined;
    }
  });
});

describe("RegistryCsp: what the shell's HTML carries", () => {
  const panels = () => [
    {
      id: 'health',
      title: 'Health',
      entry: `${base}/health/mf-manifest.json`,
      module: './Panel',
      version: '1.0.0',
    },
    { id: 'off', title: 'Off', entry: `${base}/off/mf-manifest.json`, disabled: true },
  ];

  it('the registry as read, and the preloads of the panel a page shows, its manifest read once per version', async () => {
    answer = { status: 200, body: panels() };
    manifestReads = 0;
    const csp = new RegistryCsp({ registryUrl: base });
    expect(csp.registry).toBeUndefined();
    await csp.refresh();
    expect(csp.registry).toEqual({ url: `${base}/api/panels`, panels: panels() });
    expect(csp.preloadsFor('/p/health/services/a')).toEqual({
      entry: `${base}/health/remoteEntry.js`,
      scripts: [`${base}/health/assets/panel-A.js`],
    });
    // the page the panel declares reads for (gateway /api/ reads only), not with a query
    expect(csp.preloadsFor('/p/health')?.requests).toEqual(['/api/services?limit=100']);
    expect(csp.preloadsFor('/p/health', '?status=down')?.requests).toBeUndefined();
    expect(csp.preloadsFor('/')).toBeUndefined();
    expect(csp.preloadsFor('/p/off')).toBeUndefined();
    await csp.refresh();
    expect(manifestReads).toBe(1);

    answer = { status: 200, body: [{ ...panels()[0], version: '1.0.1' }] };
    await csp.refresh();
    expect(manifestReads).toBe(2);
  });

  it('keeps a registry read with a token of its own out of the page', async () => {
    answer = { status: 200, body: panels() };
    const csp = new RegistryCsp({ registryUrl: base, token: 'static-viewer-token' });
    await csp.refresh();
    expect(csp.lastRefreshOk).toBe(true);
    expect(csp.registry).toBeUndefined();
    expect(csp.preloadsFor('/p/health')).toBeUndefined();
  });
});
