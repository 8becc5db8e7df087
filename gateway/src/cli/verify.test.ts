import { afterEach, describe, expect, it, vi } from 'vitest';
import { verify, VERIFY_EXIT } from './verify.js';
import { API_TOKENS, gatewayUnderTestForFile } from '../testing/gateway-under-test.js';
import { captureIo } from '../testing/cli-harness.js';
import { closedPort } from '../testing/tcp-target.js';

const gw = gatewayUnderTestForFile();

const run = (options: Partial<Parameters<typeof verify>[0]> = {}) => {
  const io = captureIo();
  const done = verify(
    {
      gateway: gw().url,
      tags: [],
      services: [],
      token: API_TOKENS.operator,
      timeoutMs: 10_000,
      ...options,
    },
    io,
  );
  return done.then((code) => ({ code, ...io }));
};

describe('aether verify', () => {
  it('exits 0 and prints a table when every check passes', async () => {
    gw().target.healthy = true;
    const { code, stdout, stderr } = await run();
    expect(code).toBe(VERIFY_EXIT.pass);
    expect(stdout).toMatch(/^SERVICE\s+CHECK\s+RESULT\s+MS\s+FAILING/);
    expect(stdout).toMatch(/orders\s+health\s+PASS/);
    expect(stdout).toMatch(/billing\s+port\s+PASS/);
    expect(stdout).toContain('2 checks: 2 passing, 0 failing');
    expect(stderr).toMatch(/verifying every service/);
  });

  it('exits 1 and shows the failing condition when a check fails', async () => {
    gw().target.healthy = false;
    const { code, stdout } = await run({ tags: ['prod'] });
    gw().target.healthy = true;
    expect(code).toBe(VERIFY_EXIT.fail);
    expect(stdout).toMatch(/orders\s+health\s+FAIL\s+\d+\s+status: expected .*, got 503/);
    expect(stdout).toContain('1 check: 0 passing, 1 failing');
  });

  it('exits 1 when nothing matched', async () => {
    const { code, stderr } = await run({ tags: ['no-such-tag'] });
    expect(code).toBe(VERIFY_EXIT.fail);
    expect(stderr).toMatch(/no check matched/);
  });

  it('exits 2 when the gateway cannot be reached', async () => {
    const { code, stderr } = await run({ gateway: `http://127.0.0.1:${await closedPort()}` });
    expect(code).toBe(VERIFY_EXIT.unavailable);
    expect(stderr).toMatch(/could not be reached: ECONNREFUSED/);
  });

  it.each([
    { name: 'no token', token: undefined, status: /401/ },
    { name: 'a viewer token', token: API_TOKENS.viewer, status: /403/ },
    { name: 'a wrong token', token: 'wrong', status: /401/ },
  ])('exits 2 on an auth error ($name)', async ({ token, status }) => {
    const { code, stderr } = await run({ token });
    expect(code).toBe(VERIFY_EXIT.unavailable);
    expect(stderr).toMatch(status);
    expect(stderr).toMatch(/--token or AETHER_TOKEN/);
  });

  it('exits 2 when the gateway refuses the request', async () => {
    const { code, stderr } = await run({ services: ['ghost'] });
    expect(code).toBe(VERIFY_EXIT.unavailable);
    expect(stderr).toMatch(/ghost/);
  });

  describe('pages through the list', () => {
    afterEach(() => vi.restoreAllMocks());

    /** What verify asked the gateway, in order (the real fetch still answers). */
    function recordRequests(): string[] {
      const seen: string[] = [];
      const real = globalThis.fetch;
      vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        const body = typeof init?.body === 'string' ? ` ${init.body}` : '';
        seen.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}${body}`);
        return real(input, init);
      });
      return seen;
    }

    it.each([
      { name: 'every service', tags: [] as string[], lists: ['limit=1', 'limit=1&cursor='] },
      { name: 'two tags', tags: ['prod', 'staging'], lists: ['tag=prod', 'tag=staging'] },
    ])('verifies $name a page at a time, following Link rel="next"', async ({ tags, lists }) => {
      gw().target.healthy = true;
      const requests = recordRequests();
      const { code, stdout } = await run({ tags, pageSize: 1 });
      expect(code).toBe(VERIFY_EXIT.pass);
      expect(stdout).toContain('2 checks: 2 passing, 0 failing');
      const listed = requests.filter((r) => r.startsWith('GET /api/services?'));
      expect(listed.length).toBeGreaterThanOrEqual(2);
      for (const part of lists) expect(listed.some((r) => r.includes(part))).toBe(true);
      // one verify per page of one service, never the whole fleet at once
      const verifies = requests.filter((r) => r.startsWith('POST /api/verify'));
      expect(verifies.map((r) => JSON.parse(r.slice(r.indexOf('{'))).services.length)).toEqual([
        1, 1,
      ]);
    });
  });
});
