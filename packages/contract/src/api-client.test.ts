import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { problem } from './msw/problem.js';
import { ApiError, NetworkError } from './panel-context.js';
import { createApiClient, nextLink } from './api-client.js';
import { makeServices } from './fixtures/index.js';
import { servicesHandlers } from './msw/services.js';
import type { ServiceList } from './services.js';

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

describe('getPage', () => {
  it('pages through the mock gateway by Link rel="next" until there is none, filter kept', async () => {
    const services = makeServices(23);
    server.use(...servicesHandlers({ baseUrl: GW, services }));
    const api = createApiClient(GW);
    const seen: string[] = [];
    const nexts: (string | null)[] = [];
    let page = await api.getPage<ServiceList>('/api/services', {
      query: { group: services[0]!.group, limit: 2 },
    });
    for (;;) {
      seen.push(...page.data.map((s) => s.id));
      nexts.push(page.next);
      if (page.next === null) break;
      page = await api.getPage<ServiceList>(page.next);
    }
    const expected = services.filter((s) => s.group === services[0]!.group).map((s) => s.id);
    expect(expected.length).toBeGreaterThan(2); // more than one page, or the test proves nothing
    expect(seen).toEqual(expected);
    expect(nexts.at(-1)).toBeNull();
    expect(nexts[0]).toMatch(/^\/api\/services\?group=[^&]+&limit=2&cursor=/);
  });

  it('answers next: null without a Link header, and get() still answers the body alone', async () => {
    server.use(http.get(`${GW}/api/services`, () => HttpResponse.json([])));
    const api = createApiClient(GW);
    await expect(api.getPage('/api/services')).resolves.toEqual({ data: [], next: null });
    await expect(api.get('/api/services')).resolves.toEqual([]);
  });

  it('throws ApiError for a refused page, as get does', async () => {
    server.use(
      http.get(`${GW}/api/services`, () => problem(400, 'Invalid query', 'cursor: not a cursor')),
    );
    await expect(createApiClient(GW).getPage('/api/services?cursor=nope')).rejects.toBeInstanceOf(
      ApiError,
    );
  });
});

describe('nextLink', () => {
  it.each([
    ['</api/services?limit=2&cursor=C>; rel="next"', '/api/services?limit=2&cursor=C'],
    ['</a?x=1>; rel=next', '/a?x=1'],
    ['</p?c=1>; rel="prev", </n?c=3>; rel="next"', '/n?c=3'],
    ['</n>; title="x, y"; rel="last next"', '/n'],
    ['<https://gw.example/api/services?cursor=Z>; rel="next"', '/api/services?cursor=Z'],
    ['</p>; rel="prev"', null],
    ['garbage', null],
    ['', null],
    [null, null],
  ])('%s → %s', (header, expected) => {
    expect(nextLink(header)).toBe(expected);
  });
});
