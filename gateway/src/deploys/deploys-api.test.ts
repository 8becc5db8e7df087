import { describe, expect, it } from 'vitest';
import {
  AuditPage,
  Deploy,
  DeployComparison,
  DeployEvent,
  DeployList,
  History,
  VerifyResponse,
} from '@aether/contract';
import { gatewayUnderTestForFile } from '../testing/gateway-under-test.js';
import { expectJson, expectProblem } from '../testing/problem-assertions.js';
import { SseReader } from '../testing/sse-reader.js';

const gw = gatewayUnderTestForFile();

const start = (body: unknown) => gw().call('operator', 'POST', '/api/deploys', { body });
const finish = (id: string, body: unknown) =>
  gw().call('operator', 'POST', `/api/deploys/${id}/finish`, { body });
const verify = async () =>
  expectJson(
    await gw().call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } }),
    VerifyResponse,
  );

describe('deploys API on a real gateway', () => {
  it('records a start (201, by the caller) and a finish, each as an SSE deploy event', async () => {
    const events = await SseReader.open(`${gw().url}/api/events`);
    try {
      const deploy = await expectJson(
        await start({ services: ['orders', 'billing'], version: '1.4.2', description: 'pricing' }),
        Deploy,
        201,
      );
      expect(deploy).toMatchObject({
        services: ['orders', 'billing'],
        version: '1.4.2',
        description: 'pricing',
        by: 'operator-bot',
        finishedAt: null,
        outcome: null,
      });
      const started = await events.next((m) => m.event === 'deploy');
      expect(DeployEvent.parse(JSON.parse(started.data))).toEqual(deploy);

      const finished = await expectJson(await finish(deploy.id, { outcome: 'succeeded' }), Deploy);
      expect(finished).toMatchObject({
        id: deploy.id,
        outcome: 'succeeded',
        finishedBy: 'operator-bot',
      });
      const ended = await events.next(
        (m) => m.event === 'deploy' && (JSON.parse(m.data) as Deploy).outcome !== null,
      );
      expect(DeployEvent.parse(JSON.parse(ended.data))).toEqual(finished);

      const twice = await expectProblem(await finish(deploy.id, { outcome: 'failed' }), 409);
      expect(twice.type).toBe('urn:aether:problem:deploy-finished');

      // both are in the audit trail, by whom and about which deploy; the refused second finish is not
      const trail = await expectJson(
        await gw().call('operator', 'GET', '/api/audit?actor=operator-bot'),
        AuditPage,
      );
      const mine = trail.entries.filter((e) => e.target === `deploy:${deploy.id}`);
      expect(mine.map((e) => [e.action, e.role, e.params])).toEqual([
        [
          'deploy-finish',
          'operator',
          { outcome: 'succeeded', services: ['orders', 'billing'], version: '1.4.2' },
        ],
        [
          'deploy-start',
          'operator',
          { services: ['orders', 'billing'], version: '1.4.2', description: 'pricing' },
        ],
      ]);
    } finally {
      events.close();
    }
  });

  it.each([
    {
      name: 'an unknown service',
      body: { services: ['orders', 'nope'], version: '1' },
      path: 'body.services[1]',
    },
    { name: 'no services', body: { services: [], version: '1' }, path: 'body.services' },
    { name: 'no version', body: { services: ['orders'] }, path: 'body.version' },
    {
      name: 'an unknown field',
      body: { services: ['orders'], version: '1', by: 'me' },
      path: 'body.by',
    },
  ])('refuses a start with $name: 400 naming $path', async ({ body, path }) => {
    const problem = await expectProblem(await start(body), 400);
    expect(problem.errors?.map((e) => e.path)).toContain(path);
  });

  it.each([
    { name: 'an unknown outcome', id: 'known', body: { outcome: 'great' }, status: 400 },
    { name: 'an unknown deploy', id: 'dep-nope', body: { outcome: 'failed' }, status: 404 },
  ])('refuses a finish with $name: $status', async ({ id, body, status }) => {
    const known = await expectJson(
      await start({ services: ['orders'], version: '1' }),
      Deploy,
      201,
    );
    await expectProblem(await finish(id === 'known' ? known.id : id, body), status);
  });

  it.each([
    { as: null, method: 'POST', path: '/api/deploys', status: 401 },
    { as: 'viewer', method: 'POST', path: '/api/deploys', status: 403 },
    { as: 'viewer', method: 'POST', path: '/api/deploys/x/finish', status: 403 },
  ] as const)('$as may not $method $path', async ({ as, method, path, status }) => {
    await expectProblem(
      await gw().call(as, method, path, { body: { services: ['orders'], version: '1' } }),
      status,
    );
  });

  it('lists newest first, filtered by service and limited', async () => {
    const a = await expectJson(await start({ services: ['billing'], version: 'a' }), Deploy, 201);
    const b = await expectJson(await start({ services: ['orders'], version: 'b' }), Deploy, 201);
    const all = await expectJson(
      await gw().call('viewer', 'GET', '/api/deploys?limit=2'),
      DeployList,
    );
    expect(all.map((d) => d.id)).toEqual([b.id, a.id]);
    const billing = await expectJson(
      await gw().call('viewer', 'GET', '/api/deploys?service=billing'),
      DeployList,
    );
    expect(billing.every((d) => d.services.includes('billing'))).toBe(true);
    expect(billing[0]!.id).toBe(a.id);
    await expectProblem(await gw().call('viewer', 'GET', '/api/deploys?limit=0'), 400);
    await expectProblem(await gw().call('viewer', 'GET', '/api/deploys?since=1'), 400);
  });

  it('compares before vs after: a service broken by the deploy is worse, with reasons', async () => {
    gw().target.healthy = true;
    await verify();
    await verify();
    const deploy = await expectJson(
      await start({ services: ['orders'], version: '2' }),
      Deploy,
      201,
    );
    gw().target.healthy = false;
    try {
      await verify();
    } finally {
      gw().target.healthy = true;
    }
    const comparison = await expectJson(
      await gw().call('viewer', 'GET', `/api/deploys/${deploy.id}/comparison`),
      DeployComparison,
    );
    expect(comparison.verdict).toBe('worse');
    expect(comparison.checks).toHaveLength(1);
    const [health] = comparison.checks;
    expect(health).toMatchObject({ serviceId: 'orders', checkId: 'health', verdict: 'worse' });
    expect(health!.before).toMatchObject({ good: health!.before.total, failing: [] });
    expect(health!.before.total).toBeGreaterThanOrEqual(2);
    expect(health!.after).toMatchObject({ total: 1, good: 0 });
    expect(health!.after.failing).toEqual(expect.arrayContaining(['status', 'json $.status']));
    expect(health!.reasons).toEqual(
      expect.arrayContaining(['success 100% → 0%', 'status started failing']),
    );
    await expectProblem(await gw().call('viewer', 'GET', '/api/deploys/dep-nope/comparison'), 404);
  });

  it('marks the deploys of a service on its history, in range only', async () => {
    const deploy = await expectJson(
      await start({ services: ['billing'], version: 'h' }),
      Deploy,
      201,
    );
    const history = await expectJson(
      await gw().call('viewer', 'GET', '/api/services/billing/history'),
      History,
    );
    expect(history.deploys).toContainEqual({
      id: deploy.id,
      at: deploy.startedAt,
      version: 'h',
      outcome: null,
    });
    const orders = await expectJson(
      await gw().call('viewer', 'GET', '/api/services/orders/history'),
      History,
    );
    expect(orders.deploys.map((d) => d.id)).not.toContain(deploy.id);
    const before = await expectJson(
      await gw().call(
        'viewer',
        'GET',
        `/api/services/billing/history?to=${new Date(Date.parse(deploy.startedAt) - 1).toISOString()}`,
      ),
      History,
    );
    expect(before.deploys.map((d) => d.id)).not.toContain(deploy.id);
  });
});
