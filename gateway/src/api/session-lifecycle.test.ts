import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '@aether/contract';
import type { RunningGateway } from '../cli/start-gateway.js';
import { startConfigGateway } from '../testing/config-gateway.js';
import { SseReader } from '../testing/sse-reader.js';

/** The session cookie's flags, and when a session ends: logout (its streams too) and its token leaving the config. */
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'aether-sessions-'));
const running: RunningGateway[] = [];

async function gateway(tokens: Array<[name: string, token: string]>, more: string[] = []) {
  const gw = await startConfigGateway(
    [
      'server: { port: 0, trustProxy: 1 }',
      'auth:',
      '  tokens:',
      ...tokens.map(
        ([name, token]) => `    - { name: ${name}, role: viewer, sha256: "${sha(token)}" }`,
      ),
      'panels: []',
      ...more,
    ],
    { dbPath: join(dir, 'aether.db') },
  );
  running.push(gw);
  return gw;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function login(gw: RunningGateway, token: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gw.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { setCookie, cookie: setCookie.split(';')[0]! };
}

const whoAmI = async (gw: RunningGateway, cookie: string) =>
  (
    (await (await fetch(`${gw.url}/api/session`, { headers: { cookie } })).json()) as {
      authenticated: boolean;
    }
  ).authenticated;

describe('session cookie', () => {
  it.each([
    ['plain http', {}, 'aether_session=', false],
    [
      'a trusted proxy saying https',
      { 'x-forwarded-proto': 'https' },
      '__Host-aether_session=',
      true,
    ],
    ['a trusted proxy saying http', { 'x-forwarded-proto': 'http' }, 'aether_session=', false],
  ])('over %s: %s, Secure %s', async (_label, headers, prefix, secure) => {
    const gw = await gateway([['ada', 'ada-token']]);
    const { setCookie, cookie } = await login(gw, 'ada-token', headers);
    expect(setCookie.startsWith(prefix)).toBe(true);
    expect(/;\s*secure/i.test(setCookie)).toBe(secure);
    expect(setCookie).toMatch(/path=\//i);
    expect(setCookie).not.toMatch(/domain=/i);
    expect(setCookie).toMatch(/httponly/i);
    // the browser sends it back under the same name; it authenticates either way
    const check = await fetch(`${gw.url}/api/session`, { headers: { cookie, ...headers } });
    expect(((await check.json()) as { authenticated: boolean }).authenticated).toBe(true);
  });

  it('ignores X-Forwarded-Proto without server.trustProxy', async () => {
    const gw = await startConfigGateway([
      'server: { port: 0 }',
      `auth: { tokens: [{ name: ada, role: viewer, sha256: "${sha('ada-token')}" }] }`,
      'panels: []',
    ]);
    running.push(gw);
    const { setCookie } = await login(gw, 'ada-token', { 'x-forwarded-proto': 'https' });
    expect(setCookie.startsWith('aether_session=')).toBe(true);
    expect(setCookie).not.toMatch(/secure/i);
  });
});

describe('session end', () => {
  it('ends when its token hash leaves the config, even with the same token name', async () => {
    const first = await gateway([
      ['ada', 'ada-token'],
      ['bob', 'bob-token'],
    ]);
    const ada = await login(first, 'ada-token');
    const bob = await login(first, 'bob-token');
    await first.close();
    running.splice(0);

    // ada's token rotated (same name, new hash); bob's kept
    const second = await gateway([
      ['ada', 'ada-token-rotated'],
      ['bob', 'bob-token'],
    ]);
    expect(await whoAmI(second, ada.cookie)).toBe(false);
    expect(await whoAmI(second, bob.cookie)).toBe(true);
  });

  it('ends on a reload that drops its token (auth.reconfigure), without a restart', async () => {
    const gw = await gateway([
      ['ada', 'ada-token'],
      ['bob', 'bob-token'],
    ]);
    const ada = await login(gw, 'ada-token');
    const bob = await login(gw, 'bob-token');
    const reloaded = {
      auth: { ...gw.config.auth, tokens: gw.config.auth.tokens.filter((t) => t.name === 'bob') },
    };
    expect(await gw.deps.auth.reconfigure(reloaded)).toBe(1);
    expect(await whoAmI(gw, ada.cookie)).toBe(false);
    expect(await whoAmI(gw, bob.cookie)).toBe(true);
    // and the token itself no longer logs in
    const again = await fetch(`${gw.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'ada-token' }),
    });
    expect(again.status).toBe(401);
  });

  it('ends the session’s event streams on logout', async () => {
    const gw = await gateway([['ada', 'ada-token']]);
    const { cookie } = await login(gw, 'ada-token');
    const other = await login(gw, 'ada-token');
    const mine = await SseReader.open(`${gw.url}/api/events`, { cookie });
    const theirs = await SseReader.open(`${gw.url}/api/events`, { cookie: other.cookie });
    await mine.next((m) => m.event === 'snapshot');
    await theirs.next((m) => m.event === 'snapshot');

    const out = await fetch(`${gw.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie, [CSRF_HEADER]: '1' },
    });
    expect(out.status).toBe(204);
    await mine.closedByServer();
    // another session of the same person keeps its stream
    expect(gw.app.runtime.streams.size).toBe(1);
    theirs.close();
  });
});
