import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellContentSecurityPolicy } from '@aether/contract/panel-runtime';
import { securityHeaders } from './security-headers.js';
import { startStaticServer, type RunningStaticServer } from './static-server.js';

/**
 * Every HTML answer of the shell's and of a panel's server carries a CSP without
 * 'unsafe-inline'/'unsafe-eval' for scripts and with frame-ancestors, nosniff and a
 * Referrer-Policy; HSTS only when the client came over TLS.
 */

let dir: string;
const servers: Record<string, RunningStaticServer> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-headers-'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>page</title>');
  writeFileSync(join(dir, 'docs', 'index.html'), '<p>docs</p>');
  writeFileSync(join(dir, 'remoteEntry.js'), 'export const init = 1;');
  const registryPolicy = shellContentSecurityPolicy({
    gatewayUrl: 'http://localhost:8080',
    panels: [{ entry: 'http://localhost:5174/mf-manifest.json' }],
  });
  servers['shell with a registry policy'] = await startStaticServer({
    dir,
    port: 0,
    spa: true,
    gatewayUrl: 'http://localhost:8080',
    csp: () => registryPolicy,
  });
  servers['shell without a registry'] = await startStaticServer({ dir, port: 0, spa: true });
  servers['panel remote'] = await startStaticServer({
    dir,
    port: 0,
    cors: ['http://localhost:5173'],
  });
  servers['behind a trusted proxy'] = await startStaticServer({ dir, port: 0, trustProxy: true });
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

const PAGES = ['/', '/index.html', '/docs/'];
/** Each server with the HTML paths it answers; the shells also answer page routes (--spa). */
const CASES = [
  ...['shell with a registry policy', 'shell without a registry'].flatMap((name) =>
    [...PAGES, '/p/health/services/orders'].map((path) => [name, path] as const),
  ),
  ...PAGES.map((path) => ['panel remote', path] as const),
];

describe('HTML answers', () => {
  it.each(CASES)('%s: %s', async (name, path) => {
    const res = await fetch(`${servers[name]!.url}${path}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = res.headers.get('content-security-policy') ?? '';
    const scripts = directive(policy, 'script-src') ?? directive(policy, 'default-src');
    expect(scripts).toBeDefined();
    expect(scripts).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('gives a page policy without frame-ancestors one, so no page is framable', async () => {
    const server = await startStaticServer({ dir, port: 0, csp: () => "script-src 'self'" });
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.headers.get('content-security-policy')).toBe(
        "script-src 'self'; frame-ancestors 'none'",
      );
    } finally {
      await server.close();
    }
  });
});

describe('HSTS', () => {
  const request = (encrypted: boolean, forwardedProto?: string) =>
    ({
      socket: { encrypted },
      headers: forwardedProto ? { 'x-forwarded-proto': forwardedProto } : {},
    }) as unknown as IncomingMessage;

  it.each([
    ['plain http', false, undefined, false, false],
    ['our own TLS socket', true, undefined, false, true],
    ['a proxy saying https, not trusted', false, 'https', false, false],
    ['a trusted proxy saying https', false, 'https', true, true],
    ['a trusted proxy saying http', false, 'http', true, false],
    [
      'a client forging https before a trusted proxy saying http',
      false,
      'https, http',
      true,
      false,
    ],
  ])('%s', (_, encrypted, proto, trustProxy, hsts) => {
    const headers = securityHeaders(request(encrypted, proto), false, { trustProxy });
    expect(headers['strict-transport-security'] !== undefined).toBe(hsts);
  });

  it('is sent by a server behind a trusted proxy that says https, on every answer', async () => {
    const url = servers['behind a trusted proxy']!.url;
    for (const path of ['/', '/remoteEntry.js', '/missing'])
      expect(
        (await fetch(`${url}${path}`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get(
          'strict-transport-security',
        ),
      ).toMatch(/^max-age=31536000/);
    expect((await fetch(url)).headers.get('strict-transport-security')).toBeNull();
  });
});
