import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupTestServer } from './index';

const { server, requests } = setupTestServer(
  http.get('http://gateway.test/api/health', () => HttpResponse.json({ status: 'ok' })),
);

describe('setupTestServer', () => {
  it('answers with the handlers it was given and records what was asked', async () => {
    const response = await fetch('http://gateway.test/api/health');
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(requests.map((u) => u.pathname)).toEqual(['/api/health']);
  });

  it('refuses a request nobody mocked, so a missing handler fails the test', async () => {
    await expect(fetch('http://gateway.test/api/unmocked')).rejects.toThrow();
  });

  it('drops a test’s own handlers after it', async () => {
    server.use(http.get('http://gateway.test/api/only-here', () => HttpResponse.text('x')));
    expect(await (await fetch('http://gateway.test/api/only-here')).text()).toBe('x');
  });

  it('…so the next test does not see them', async () => {
    await expect(fetch('http://gateway.test/api/only-here')).rejects.toThrow();
    expect(requests).toHaveLength(1);
  });
});
