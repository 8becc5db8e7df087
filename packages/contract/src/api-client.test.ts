import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { problem } from './msw/problem.js';
import { ApiError, NetworkError } from './panel-context.js';
import { createApiClient } from './api-client.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const GW = 'http://localhost:8080';

describe('createApiClient', () => {
  it.each([
    ['get', null],
    ['post', '1'],
    ['put', '1'],
    ['delete', '1'],
  ] as const)(
    '%s sends credentials and the CSRF header only when mutating (%s)',
    async (method, csrf) => {
      let seen: { csrf: string | null; credentials: RequestCredentials; body: string } | undefined;
      server.use(
        http.all(`${GW}/api/thing`, async ({ request }) => {
          seen = {
            csrf: request.headers.get('x-aether-csrf'),
            credentials: request.credentials,
            body: await request.text(),
          };
          return HttpResponse.json({ ok: true });
        }),
      );
      const api = createApiClient(GW);
      await expect(
        api[method]('/api/thing', method === 'get' ? {} : { body: { a: 1 } }),
      ).resolves.toEqual({ ok: true });
      expect(seen?.csrf).toBe(csrf);
      expect(seen?.credentials).toBe('include');
      expect(seen?.body).toBe(method === 'get' ? '' : '{"a":1}');
    },
  );

  it('adds query parameters, leaving out undefined ones', async () => {
    let url = '';
    server.use(
      http.get(`${GW}/api/audit`, ({ request }) => ((url = request.url), HttpResponse.json([]))),
    );
    await createApiClient(GW).get('/api/audit', {
      query: { service: 'orders', limit: 5, actor: undefined },
    });
    expect(url).toBe(`${GW}/api/audit?service=orders&limit=5`);
  });

  it('turns problem+json into an ApiError carrying the problem and the body', async () => {
    server.use(
      http.get(`${GW}/api/services/x`, () => problem(404, 'Service not found', 'No service x')),
    );
    const error = await createApiClient(GW)
      .get('/api/services/x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      message: 'No service x',
      problem: { title: 'Service not found', status: 404 },
    });
  });

  it('keeps the full body of a 428 for the confirmation flow', async () => {
    const body = {
      type: 'about:blank',
      title: 'Confirmation required',
      status: 428,
      confirmToken: 'abc',
    };
    server.use(http.post(`${GW}/api/x`, () => HttpResponse.json(body, { status: 428 })));
    const error = (await createApiClient(GW)
      .post('/api/x')
      .catch((e: unknown) => e)) as ApiError;
    expect(error.body).toEqual(body);
  });

  it('gives a non-JSON error a problem of its own', async () => {
    server.use(
      http.get(
        `${GW}/api/x`,
        () => new HttpResponse('bad gateway', { status: 502, statusText: 'Bad Gateway' }),
      ),
    );
    const error = (await createApiClient(GW)
      .get('/api/x')
      .catch((e: unknown) => e)) as ApiError;
    expect(error.problem).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502 });
  });

  it('reports a network failure as NetworkError', async () => {
    server.use(http.get(`${GW}/api/x`, () => HttpResponse.error()));
    await expect(createApiClient(GW).get('/api/x')).rejects.toBeInstanceOf(NetworkError);
  });

  it('lets an abort through as an AbortError', async () => {
    server.use(http.get(`${GW}/api/x`, () => new Promise(() => {})));
    const controller = new AbortController();
    const pending = createApiClient(GW).get('/api/x', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('answers undefined for 204', async () => {
    server.use(http.delete(`${GW}/api/session`, () => new HttpResponse(null, { status: 204 })));
    await expect(createApiClient(GW).delete('/api/session')).resolves.toBeUndefined();
  });
});
