import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import {
  FleetSummary,
  History,
  IncidentList,
  problemType,
  ServiceChanges,
  ServiceDetail,
  VerifyResponse,
} from '../index.js';
import { makeServices } from '../fixtures/index.js';
import {
  servicesHandlers,
  servicesProblemHandlers,
  servicesUnreachableHandlers,
} from './services.js';

const BASE = 'http://gateway.test';
const services = makeServices(20);
const server = setupServer(...servicesHandlers({ baseUrl: BASE, services }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const get = (path: string) => fetch(`${BASE}${path}`);
const verify = (body: unknown) =>
  fetch(`${BASE}/api/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('services handlers', () => {
  it('serves a detail whose down check lists a passing condition before failing ones', async () => {
    const detail = ServiceDetail.parse(await (await get('/api/services/svc-00007')).json());
    expect(detail.status).toBe('down');
    const conditions = detail.checks[0]!.lastResult!.conditions;
    expect(conditions.some((c) => !c.ok)).toBe(true);
  });

  it.each([
    ['1m', 60_000, 60],
    ['15m', 900_000, 96],
    ['1d', 86_400_000, 7],
  ])('honours step=%s over the asked range', async (step, stepMs, points) => {
    const to = '2026-11-27T12:00:00.000Z';
    const span = step === '1m' ? 3_600_000 : step === '15m' ? 86_400_000 : 7 * 86_400_000;
    const from = new Date(Date.parse(to) - span).toISOString();
    const history = History.parse(
      await (
        await get(`/api/services/svc-00001/history?from=${from}&to=${to}&step=${step}`)
      ).json(),
    );
    expect(history.stepMs).toBe(stepMs);
    expect(history.points).toHaveLength(points);
  });

  it('refuses unknown history parameters like the gateway', async () => {
    const response = await get('/api/services/svc-00001/history?bogus=1');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lists an ongoing incident for a down service', async () => {
    const incidents = IncidentList.parse(
      await (await get('/api/services/svc-00007/incidents')).json(),
    );
    expect(incidents[0]).toMatchObject({ status: 'down', endedAt: null });
  });

  it.each([
    [{ services: ['svc-00001'] }, 2],
    [{ tags: ['critical'] }, 7 * 2],
    [{}, 20 * 2],
  ])('verifies the services %j selects', async (body, results) => {
    const answer = VerifyResponse.parse(await (await verify(body)).json());
    expect(answer.results).toHaveLength(results);
  });

  it('refuses verify below the operator role and unknown fields', async () => {
    server.use(...servicesHandlers({ baseUrl: BASE, services, role: 'viewer' }));
    expect((await verify({})).status).toBe(403);
    server.resetHandlers();
    expect((await verify({ everything: true })).status).toBe(400);
  });

  it('offers problem and unreachable variants', async () => {
    server.use(...servicesProblemHandlers(401, { baseUrl: BASE }));
    expect((await get('/api/services')).status).toBe(401);
    server.use(...servicesUnreachableHandlers({ baseUrl: BASE }));
    await expect(get('/api/services')).rejects.toThrow();
  });
});

describe('services list handlers: filters, pages, changes, summary', () => {
  it('filters and pages with Link rel="next", ETag and X-Aether-Revision', async () => {
    const first = await get('/api/services?status=up&limit=5');
    expect(first.headers.get('x-aether-revision')).toBe('1');
    expect(first.headers.get('etag')).toBeTruthy();
    const page1 = (await first.json()) as { id: string; status: string }[];
    expect(page1).toHaveLength(5);
    expect(page1.every((s) => s.status === 'up')).toBe(true);
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')![1]!;
    expect(next).toMatch(/^\/api\/services\?status=up&limit=5&cursor=/);
    const rest: { id: string }[] = [];
    let link: string | null = next;
    while (link) {
      const response = await get(link);
      rest.push(...((await response.json()) as { id: string }[]));
      link = /^<([^>]+)>/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
    }
    const allUp = services.filter((s) => s.status === 'up').map((s) => s.id);
    expect([...page1, ...rest].map((s) => s.id)).toEqual(allUp);
  });

  it.each([
    '/api/services?status=sideways',
    '/api/services?limit=0',
    '/api/services?cursor=nope',
    '/api/services?colour=red',
    '/api/services/changes?since=abc',
    '/api/services/changes',
  ])('answers %s with a 400 problem', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers changes since an older revision, nothing since the current one, 410 when too old', async () => {
    server.use(...servicesHandlers({ baseUrl: BASE, services, revision: 7, keptSince: 3 }));
    const all = ServiceChanges.parse(await (await get('/api/services/changes?since=5')).json());
    expect(all).toMatchObject({ revision: 7, removed: [] });
    expect(all.changed).toHaveLength(services.length);
    const none = ServiceChanges.parse(await (await get('/api/services/changes?since=7')).json());
    expect(none.changed).toEqual([]);
    const old = await get('/api/services/changes?since=2');
    expect(old.status).toBe(410);
    expect(((await old.json()) as { type: string }).type).toBe(problemType('revision-expired'));
  });

  it('summarizes the fleet', async () => {
    const summary = FleetSummary.parse(await (await get('/api/summary')).json());
    expect(summary.counts).toEqual({ up: 14, degraded: 2, down: 2, unknown: 2, maintenance: 0 });
    expect(summary.groups.map((g) => g.group)).toEqual([
      'commerce',
      'identity',
      'payments',
      'platform',
      'search',
    ]);
  });
});
