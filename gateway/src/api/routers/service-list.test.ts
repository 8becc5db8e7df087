import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FleetSummary,
  problemType,
  ServiceChanges,
  ServiceList,
  type ServiceSummary,
} from '@aether/contract';
import type { RunningGateway } from '../../cli/start-gateway.js';
import {
  API_TOKENS,
  startSwitchableTarget,
  type SwitchableTarget,
} from '../../testing/gateway-under-test.js';
import { authConfigLines } from '../../testing/bot-tokens.js';
import { startConfigGateway } from '../../testing/config-gateway.js';
import { expectJson, expectProblem } from '../../testing/problem-assertions.js';

/**
 * Twelve services s00..s11 on two real loopback targets: groups alpha/beta/gamma in turn, tag
 * canary on every fourth (prod on the rest), and every third (s00, s03, …) probes the `flaky`
 * target that tests switch between healthy and failing. Checks run only on POST /api/verify.
 */
const N = 12;
let gateway: RunningGateway;
let steady: SwitchableTarget;
let flaky: SwitchableTarget;

const id = (i: number) => `s${String(i).padStart(2, '0')}`;
const group = (i: number) => ['alpha', 'beta', 'gamma'][i % 3]!;
const onFlaky = (i: number) => i % 3 === 0;

beforeAll(async () => {
  steady = await startSwitchableTarget();
  flaky = await startSwitchableTarget();
  const services = Array.from({ length: N }, (_, i) => [
    `  - id: ${id(i)}`,
    `    name: ${i % 2 === 0 ? 'Even' : 'Odd'} Service ${i}`,
    `    group: ${group(i)}`,
    `    tags: [${i % 4 === 0 ? 'canary' : 'prod'}]`,
    `    baseUrl: ${(onFlaky(i) ? flaky : steady).url}`,
    '    checks:',
    '      - { id: health, type: http, path: /health, interval: 1h, timeout: 2s, failAfter: 1, recoverAfter: 1 }',
  ]);
  gateway = await startConfigGateway([
    'server:',
    '  allowedOrigins: [http://localhost:5173]',
    ...authConfigLines('viewer', { operator: API_TOKENS.operator }),
    'services:',
    ...services.flat(),
  ]);
  flaky.healthy = false;
  await verifyAll();
});

afterAll(async () => {
  await gateway?.close();
  await steady?.close();
  await flaky?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { headers });
/** Runs every check now (as an operator) and waits for the answer. */
async function verifyAll(): Promise<void> {
  const response = await fetch(`${gateway.url}/api/verify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${API_TOKENS.operator}`,
    },
    body: '{}',
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}
const revisionOf = (response: Response) => Number(response.headers.get('x-aether-revision'));
const ids = (list: ServiceSummary[]) => list.map((s) => s.id);
const all = Array.from({ length: N }, (_, i) => i);

describe('GET /api/services: filters, AND-combined', () => {
  it.each([
    ['status', 'status=down', all.filter(onFlaky)],
    ['a set of statuses', 'status=degraded,down', all.filter(onFlaky)],
    ['status up', 'status=up', all.filter((i) => !onFlaky(i))],
    ['group', 'group=beta', all.filter((i) => group(i) === 'beta')],
    ['tag', 'tag=canary', all.filter((i) => i % 4 === 0)],
    ['q on the name, any case', 'q=odd%20SERVICE', all.filter((i) => i % 2 === 1)],
    ['q on the id', 'q=S1', [10, 11]],
    ['q on the group', 'q=GAMM', all.filter((i) => group(i) === 'gamma')],
    ['q on a tag', 'q=canar', all.filter((i) => i % 4 === 0)],
    ['all of them at once', 'status=down&group=alpha&tag=canary&q=even', [0]],
    ['nothing', 'group=nope', []],
  ])('%s (?%s)', async (_what, query, expected) => {
    const response = await get(`/api/services?${query}`);
    expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(revisionOf(response)).toBeGreaterThan(0);
    const list = await expectJson(response, ServiceList);
    expect(ids(list)).toEqual(expected.map(id));
    for (const s of list) expect(s).toMatchObject({ maintenance: null, rootCause: null });
  });
});

describe('GET /api/services: pages', () => {
  it('walks the list with Link rel="next" while more remain, keeping the filter', async () => {
    const seen: string[] = [];
    let path: string | null = '/api/services?tag=prod&limit=4';
    let pages = 0;
    while (path) {
      const response = await get(path);
      seen.push(...ids(await expectJson(response, ServiceList)));
      const link = response.headers.get('link');
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
      if (path) expect(path).toMatch(/^\/api\/services\?tag=prod&limit=4&cursor=/);
      pages++;
    }
    const prod = all.filter((i) => i % 4 !== 0).map(id); // 9 services: 4 + 4 + 1
    expect(pages).toBe(3);
    expect(seen).toEqual(prod);
  });

  it('has no Link when the page holds exactly what remains, nor on an unlimited answer', async () => {
    const exact = await get(`/api/services?limit=${N}`);
    expect(ids(await expectJson(exact, ServiceList))).toHaveLength(N);
    expect(exact.headers.get('link')).toBeNull();
    const whole = await get('/api/services');
    expect(ids(await expectJson(whole, ServiceList))).toEqual(all.map(id));
    expect(whole.headers.get('link')).toBeNull();
    expect(whole.headers.get('etag')).toBeTruthy();
    expect(revisionOf(whole)).toBeGreaterThan(0);
  });

  it('answers 304 to a page whose If-None-Match still holds', async () => {
    const first = await get('/api/services?group=alpha&limit=2');
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const again = await get('/api/services?group=alpha&limit=2', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(revisionOf(again)).toBe(revisionOf(first));
    const other = await get('/api/services?group=beta&limit=2', { 'if-none-match': etag });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });
});

describe('headers a browser on another origin can read', () => {
  it('exposes Link, ETag and X-Aether-Revision to the shell origin', async () => {
    const response = await get('/api/services?limit=1', { origin: 'http://localhost:5173' });
    await response.arrayBuffer();
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['link', 'etag', 'x-aether-revision']));
    expect(response.headers.get('link')).toMatch(/rel="next"/);
  });
});

describe('bad query values are 400 problems, never 5xx', () => {
  it.each([
    '/api/services?status=sideways',
    '/api/services?status=up,',
    '/api/services?limit=0',
    '/api/services?limit=1001',
    '/api/services?limit=ten',
    '/api/services?cursor=zzz',
    '/api/services?cursor=%20',
    '/api/services?group=',
    '/api/services?colour=red',
    '/api/services?status=up&status=down',
    '/api/services/changes',
    '/api/services/changes?since=abc',
    '/api/services/changes?since=-1',
    '/api/services/changes?since=1.5',
  ])('%s', async (path) => {
    await expectProblem(await get(path), 400);
  });
});

describe('revision, changes and summary', () => {
  it('moves the revision on a status change only, and lists exactly what changed', async () => {
    const before = revisionOf(await get('/api/summary'));
    // new results, same statuses: latency and uptime do not move the revision
    await verifyAll();
    const quiet = await get('/api/services/changes?since=' + before);
    const nothing = await expectJson(quiet, ServiceChanges);
    expect(nothing).toEqual({ revision: before, changed: [], removed: [] });

    flaky.healthy = true;
    await verifyAll();
    const changes = await expectJson(
      await get('/api/services/changes?since=' + before),
      ServiceChanges,
    );
    expect(changes.revision).toBeGreaterThan(before);
    expect(ids(changes.changed).sort()).toEqual(all.filter(onFlaky).map(id));
    expect(changes.changed.every((s) => s.status === 'up')).toBe(true);
    expect(changes.removed).toEqual([]);
    const after = await get('/api/services');
    expect(revisionOf(after)).toBe(changes.revision);
    await after.arrayBuffer();
    // the summary follows at once (its counts are cached per list build, never across a change)
    const healed = await expectJson(await get('/api/summary'), FleetSummary);
    expect(healed).toMatchObject({ revision: changes.revision, counts: { down: 0, up: N } });

    const none = await expectJson(
      await get('/api/services/changes?since=' + changes.revision),
      ServiceChanges,
    );
    expect(none.changed).toEqual([]);
    flaky.healthy = false;
    await verifyAll();
  });

  it.each([
    ['older than this gateway keeps', () => 0],
    ['from the future (another boot)', (now: number) => now + 1000],
  ])('answers 410 revision-expired for a revision %s', async (_what, since) => {
    const now = revisionOf(await get('/api/summary'));
    const response = await get(`/api/services/changes?since=${since(now)}`);
    const problem = await expectProblem(response, 410);
    expect(problem.type).toBe(problemType('revision-expired'));
    expect(revisionOf(response)).toBe(now);
  });

  it('summarizes the fleet and each group with the revision', async () => {
    const response = await get('/api/summary');
    const summary = await expectJson(response, FleetSummary);
    expect(summary.revision).toBe(revisionOf(response));
    const down = all.filter(onFlaky).length;
    expect(summary.counts).toEqual({
      up: N - down,
      degraded: 0,
      down,
      unknown: 0,
      maintenance: 0,
    });
    expect(summary.groups).toEqual([
      { group: 'alpha', counts: { up: 0, degraded: 0, down: 4, unknown: 0, maintenance: 0 } },
      { group: 'beta', counts: { up: 4, degraded: 0, down: 0, unknown: 0, maintenance: 0 } },
      { group: 'gamma', counts: { up: 4, degraded: 0, down: 0, unknown: 0, maintenance: 0 } },
    ]);
  });
});
