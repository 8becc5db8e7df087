import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSampleService, type SampleService } from './sample-service.js';

const TOKEN = 'test-admin-token';
let service: SampleService;
beforeAll(async () => {
  service = await createSampleService({ name: 'orders', port: 0, adminToken: TOKEN });
});
afterAll(() => service.close());
afterEach(() => control({ mode: 'ok', latencyMs: 0 }));

const get = (path: string, init: RequestInit = {}) => fetch(`${service.url}${path}`, init);
const admin = (path: string, init: RequestInit = {}) =>
  get(path, {
    ...init,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  });
async function control(body: unknown): Promise<Response> {
  return get('/control', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

/** A sleep the test ends: `asked` resolves with the requested ms, `release()` ends the sleep. */
function controlledSleep() {
  let ask: (ms: number) => void = () => {};
  let wake: () => void = () => {};
  const asked = new Promise<number>((resolve) => (ask = resolve));
  const done = new Promise<void>((resolve) => (wake = resolve));
  return {
    asked,
    release: () => wake(),
    sleep: (ms: number) => {
      ask(ms);
      return done;
    },
  };
}

describe('GET /health', () => {
  it('answers JSON with status, service, version and uptime', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      status: 'ok',
      service: 'orders',
      version: '0.1.0',
      uptimeSeconds: expect.any(Number),
    });
  });

  it('fails on demand and recovers', async () => {
    expect(await (await control({ mode: 'fail' })).json()).toMatchObject({ mode: 'fail' });
    const failing = await get('/health');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ status: 'failing' });
    expect(await (await get('/control')).json()).toMatchObject({ mode: 'fail' });
    await control({ mode: 'ok' });
    expect((await get('/health')).status).toBe(200);
  });

  it('slows down by latencyMs: the answer waits for the sleep to end', async () => {
    const sleeper = controlledSleep();
    const slow = await createSampleService({
      name: 'search',
      port: 0,
      behaviour: { mode: 'slow', latencyMs: 200 },
      sleep: sleeper.sleep,
    });
    try {
      let answered = false;
      const response = fetch(`${slow.url}/health`).then((res) => {
        answered = true;
        return res;
      });
      expect(await sleeper.asked).toBe(200);
      // A full round trip to the same server after the sleep began: an answer written without
      // waiting would have gone out before this request was even sent.
      expect((await fetch(`${slow.url}/control`)).status).toBe(200);
      expect(answered).toBe(false);
      sleeper.release();
      expect((await response).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('hangs until the client gives up', async () => {
    await control({ mode: 'hang' });
    const giveUp = new AbortController();
    let settled = false;
    const hanging = get('/health', { signal: giveUp.signal }).finally(() => (settled = true));
    // as in slow mode: a later round trip completes while /health still has no answer
    expect((await get('/control')).status).toBe(200);
    expect(settled).toBe(false);
    giveUp.abort();
    await expect(hanging).rejects.toThrow(/abort/i);
  });

  it('fails a seeded share of requests when flaky, the same way each run', async () => {
    const run = async () => {
      const flaky = await createSampleService({
        name: 'payments',
        port: 0,
        behaviour: { mode: 'flaky', failRate: 0.5 },
        seed: 42,
      });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 40; i += 1) codes.push((await fetch(`${flaky.url}/health`)).status);
        return codes;
      } finally {
        await flaky.close();
      }
    };
    const first = await run();
    expect(first).toContain(200);
    expect(first).toContain(503);
    expect(await run()).toEqual(first);
  });

  it.each([
    [{ mode: 'broken' }, /mode must be one of ok, fail, slow, hang, flaky/],
    [{ failRate: 2 }, /failRate must be a number from 0 to 1/],
    [{ latencyMs: -1 }, /latencyMs must be a number/],
    [{ mode: 'ok', extra: 1 }, /unknown field\(s\) extra/],
    [[1], /expected a JSON object/],
  ])('refuses a bad control request %j', async (body, message) => {
    const res = await control(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
  });
});

describe('admin endpoints', () => {
  it.each([
    ['POST', '/admin/cache/flush'],
    ['POST', '/admin/restart'],
    ['GET', '/admin/config'],
    ['POST', '/admin/echo'],
  ])('%s %s refuses a missing or wrong token', async (method, path) => {
    expect((await get(path, { method })).status).toBe(401);
    expect((await get(path, { method, headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
  });

  it('flushes a cache region', async () => {
    const res = await admin('/admin/cache/flush', {
      method: 'POST',
      body: JSON.stringify({ region: 'eu' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      flushed: true,
      region: 'eu',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await admin('/admin/cache/flush', { method: 'POST', body: '{}' })).status).toBe(400);
  });

  it('accepts a restart with 202 and shows its config', async () => {
    expect((await admin('/admin/restart', { method: 'POST' })).status).toBe(202);
    const config = (await (await admin('/admin/config')).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      service: 'orders',
      version: '0.1.0',
      behaviour: { mode: 'ok' },
    });
    expect(config.cacheFlushes).toBeGreaterThanOrEqual(1);
  });

  it('serves a body of N KiB', async () => {
    const res = await admin('/admin/large?kb=3');
    expect((await res.arrayBuffer()).byteLength).toBe(3072);
    expect((await admin('/admin/large?kb=nope')).status).toBe(400);
  });

  it('sleeps as asked', async () => {
    expect(await (await admin('/admin/sleep?ms=30', { method: 'POST' })).json()).toEqual({
      slept: 30,
    });
  });

  it('redirects anywhere (for SSRF tests)', async () => {
    const res = await admin(`/admin/redirect?to=${encodeURIComponent('http://10.0.0.1/steal')}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://10.0.0.1/steal');
  });

  it('echoes method, path, headers and body', async () => {
    const res = await admin('/admin/echo?x=1', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'x-secret': 's3cret' },
    });
    expect(await res.json()).toMatchObject({
      method: 'POST',
      path: '/admin/echo?x=1',
      body: '{"a":1}',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-secret': 's3cret' },
    });
  });

  it('needs no token when none is configured', async () => {
    const open = await createSampleService({ name: 'cart', port: 0 });
    try {
      expect((await fetch(`${open.url}/admin/config`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('answers 404 for unknown routes', async () => {
    expect((await get('/nope')).status).toBe(404);
  });
});
