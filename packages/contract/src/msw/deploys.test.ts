import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { Deploy, DeployComparison, DeployList, History, problemType } from '../index.js';
import { FIXTURE_NOW, makeDeploys, makeServices } from '../fixtures/index.js';
import { createMswHandlers } from './gateway-handlers.js';
import { deploysHandlers } from './deploys.js';

const BASE = 'http://gateway.test';
const services = makeServices(12);
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const get = (path: string) => fetch(`${BASE}${path}`);
const post = (path: string, body: unknown) =>
  fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('deploys handlers', () => {
  it('records a deploy, lists it first, finishes it once and compares it', async () => {
    server.use(...deploysHandlers({ baseUrl: BASE, services }));
    const started = await post('/api/deploys', { services: ['svc-00001'], version: '2.0.0' });
    expect(started.status).toBe(201);
    const deploy = Deploy.parse(await started.json());
    expect(deploy).toMatchObject({ services: ['svc-00001'], outcome: null, finishedAt: null });

    const list = DeployList.parse(await (await get('/api/deploys?service=svc-00001')).json());
    expect(list[0]!.id).toBe(deploy.id);
    expect(list.every((d) => d.services.includes('svc-00001'))).toBe(true);

    const finished = await post(`/api/deploys/${deploy.id}/finish`, { outcome: 'rolled-back' });
    expect(Deploy.parse(await finished.json()).outcome).toBe('rolled-back');
    const again = await post(`/api/deploys/${deploy.id}/finish`, { outcome: 'succeeded' });
    expect(again.status).toBe(409);

    const comparison = DeployComparison.parse(
      await (await get(`/api/deploys/${deploy.id}/comparison`)).json(),
    );
    expect(comparison.checks.map((c) => c.serviceId)).toEqual(
      services[1]!.checks.map(() => 'svc-00001'),
    );
    expect(comparison.verdict).toBe('worse');
  });

  it.each([
    { name: 'unknown service', body: { services: ['nope'], version: '1' }, status: 400 },
    { name: 'no services', body: { services: [], version: '1' }, status: 400 },
    { name: 'unknown field', body: { services: ['svc-00001'], version: '1', x: 1 }, status: 400 },
  ])('refuses $name with problem+json $status', async ({ body, status }) => {
    server.use(...deploysHandlers({ baseUrl: BASE, services }));
    const answer = await post('/api/deploys', body);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a viewer who starts a deploy, and a finish of an unknown deploy', async () => {
    server.use(...deploysHandlers({ baseUrl: BASE, services, role: 'viewer' }));
    expect((await post('/api/deploys', { services: ['svc-00001'], version: '1' })).status).toBe(
      403,
    );
    server.use(...deploysHandlers({ baseUrl: BASE, services }));
    const missing = await post('/api/deploys/dep-nope/finish', { outcome: 'failed' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { type: string }).type).toBe(problemType('not-found'));
  });

  it('marks the deploys of a service in its history range, as the mock gateway serves them', async () => {
    const deploys = makeDeploys(services);
    server.use(...createMswHandlers({ baseUrl: BASE, services: { services }, deploys }));
    const id = deploys[0]!.services[0]!;
    const to = FIXTURE_NOW;
    const from = new Date(Date.parse(to) - 86_400_000).toISOString();
    const history = History.parse(
      await (await get(`/api/services/${id}/history?from=${from}&to=${to}`)).json(),
    );
    const expected = deploys.filter((d) => d.services.includes(id)).map((d) => d.id);
    expect(history.deploys.map((d) => d.id).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
  });
});
