import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_SCHEMAS } from '@aether/contract';
import { startGatewayUnderTest, type GatewayUnderTest } from '../../testing/gateway-under-test.js';
import { SseReader } from '../../testing/sse-reader.js';
import { expectProblem } from '../../testing/problem-assertions.js';

let gw: GatewayUnderTest;
const readers: SseReader[] = [];
const open = async (query = '', headers: Record<string, string> = {}) => {
  const reader = await SseReader.open(`${gw.url}/api/events${query}`, headers);
  readers.push(reader);
  return reader;
};
const verifyOrders = () =>
  gw.call('operator', 'POST', '/api/verify', { body: { services: ['orders'] } });

/** An id the bus no longer replays from: one more event than its ring keeps (10,000 by default). */
function pushedOutOfTheRing(): number {
  const { events } = gw.gateway.deps;
  const old = events.lastId;
  for (let i = 0; i <= 10_000; i++) events.publish('panels', { panels: [] });
  expect(events.since(old)).toBeUndefined();
  return old;
}

beforeAll(async () => {
  gw = await startGatewayUnderTest();
});
afterAll(async () => {
  for (const reader of readers) reader.close();
  await gw?.close();
});

describe('GET /api/events without credentials', () => {
  it('is refused with 401 when auth.anonymous is none, like every viewer route', async () => {
    const closed = await startGatewayUnderTest({ anonymous: 'none' });
    try {
      const refused = await closed.call(null, 'GET', '/api/events');
      await expectProblem(refused, 401);
      const viewer = await SseReader.open(`${closed.url}/api/events`, {
        authorization: 'Bearer api-viewer-token',
      });
      expect(viewer.status).toBe(200);
      viewer.close();
    } finally {
      await closed.close();
    }
  });
});

describe('GET /api/events', () => {
  it('starts with a snapshot of every service', async () => {
    const reader = await open();
    expect(reader.status).toBe(200);
    expect(reader.headers?.get('content-type')).toMatch(/^text\/event-stream/);
    const snapshot = await reader.next((m) => m.event === 'snapshot');
    const data = EVENT_SCHEMAS.snapshot.parse(JSON.parse(snapshot.data));
    expect(data.services.map((s) => s.id).sort()).toEqual(['billing', 'orders']);
    expect(snapshot.id).toMatch(/^\d+$/);
    reader.close();
  });

  it('delivers a status change, and resumes with Last-Event-ID', async () => {
    gw.target.healthy = true;
    await verifyOrders();
    const reader = await open();
    const snapshot = await reader.next((m) => m.event === 'snapshot');

    gw.target.healthy = false;
    await verifyOrders();
    const down = await reader.next((m) => m.event === 'status');
    const status = EVENT_SCHEMAS.status.parse(JSON.parse(down.data));
    expect(status).toMatchObject({
      serviceId: 'orders',
      checkId: 'health',
      status: 'down',
      previous: 'up',
    });
    const result = await reader.next((m) => m.event === 'result');
    EVENT_SCHEMAS.result.parse(JSON.parse(result.data));
    expect(Number(down.id)).toBeGreaterThan(Number(snapshot.id));
    reader.close();

    // while the client is away the service recovers; on reconnect it gets what it missed, no snapshot
    gw.target.healthy = true;
    await verifyOrders();
    const resumed = await open('', { 'last-event-id': down.id! });
    const up = await resumed.next((m) => m.event === 'status');
    expect(EVENT_SCHEMAS.status.parse(JSON.parse(up.data))).toMatchObject({
      serviceId: 'orders',
      status: 'up',
      previous: 'down',
    });
    expect(resumed.messages.some((m) => m.event === 'snapshot')).toBe(false);
    expect(Number(resumed.messages[0]!.id)).toBe(Number(down.id) + 1);
    resumed.close();
  });

  it('accepts lastEventId in the query too', async () => {
    const lastId = String(gw.gateway.deps.events.lastId);
    await verifyOrders();
    const reader = await open(`?lastEventId=${lastId}`);
    const first = await reader.next(() => true);
    expect(first.event).toBe('result');
    expect(Number(first.id)).toBe(Number(lastId) + 1);
    reader.close();
  });

  it.each([
    ['from the future', () => gw.gateway.deps.events.lastId + 1000],
    ['too old for the replay buffer', () => pushedOutOfTheRing()],
  ])('sends a fresh snapshot, not a replay, when Last-Event-ID is %s', async (_, lastId) => {
    const reader = await open('', { 'last-event-id': String(lastId()) });
    const first = await reader.next(() => true);
    expect(first.event).toBe('snapshot');
    expect(Number(first.id)).toBe(gw.gateway.deps.events.lastId);
    reader.close();
  });

  describe('?snapshot=false (a client that lists for itself)', () => {
    it('starts with the id to resume from and no snapshot, then live events', async () => {
      const lastId = gw.gateway.deps.events.lastId;
      const reader = await open('?snapshot=false');
      gw.gateway.deps.events.publish('panels', { panels: [] });
      const first = await reader.next(() => true);
      expect(first).toMatchObject({ event: 'panels', id: String(lastId + 1) });
      expect(reader.messages.some((m) => m.event === 'snapshot')).toBe(false);
      reader.close();
    });

    it('sets Last-Event-ID before any event, so a reconnect resumes instead of starting over', async () => {
      const lastId = gw.gateway.deps.events.lastId;
      const reader = await open('?snapshot=false');
      await vi.waitFor(() => expect(reader.lastEventId).toBe(String(lastId)));
      expect(reader.messages).toEqual([]);
      reader.close();
    });

    it.each([
      ['resumable', 'panels', () => gw.gateway.deps.events.lastId],
      ['too old for the replay buffer', 'snapshot', () => pushedOutOfTheRing()],
    ])('with a Last-Event-ID %s starts with a %s', async (_, first, lastId) => {
      const from = lastId();
      const reader = await open('?snapshot=false', { 'last-event-id': String(from) });
      gw.gateway.deps.events.publish('panels', { panels: [] });
      expect((await reader.next(() => true)).event).toBe(first);
      reader.close();
    });

    it.each(['no', '0', ''])('refuses snapshot=%s (400 problem+json)', async (value) => {
      await expectProblem(await gw.call(null, 'GET', `/api/events?snapshot=${value}`), 400);
    });
  });

  it('refuses a Last-Event-ID that is not a number', async () => {
    await expectProblem(
      await gw.call(null, 'GET', '/api/events', { headers: { 'last-event-id': 'abc' } }),
      400,
    );
  });

  it('keeps audit and approval events for operators', async () => {
    const viewer = await open();
    const operator = await open('', { authorization: 'Bearer api-operator-token' });
    await viewer.next((m) => m.event === 'snapshot');
    await operator.next((m) => m.event === 'snapshot');
    const approval = {
      id: 'a1',
      serviceId: 'orders',
      operationId: 'flush',
      params: {},
      requestedBy: 'x',
      requestedAt: new Date().toISOString(),
      status: 'pending',
    };
    // published raw: the bus does not validate, the test only checks who receives it
    gw.gateway.deps.events.publish('approval', approval as never);
    gw.gateway.deps.events.publish('panels', { panels: [] });
    await operator.next((m) => m.event === 'approval');
    await viewer.next((m) => m.event === 'panels');
    expect(viewer.messages.some((m) => m.event === 'approval')).toBe(false);
    viewer.close();
    operator.close();
  });

  it('caps the streams one caller holds (429 problem+json with Retry-After), not other callers', async () => {
    const asAdmin = { authorization: 'Bearer api-admin-token' };
    const held: SseReader[] = [];
    for (let i = 0; i < 8; i++) {
      held.push(await open('', asAdmin));
      await held[i]!.next((m) => m.event === 'snapshot');
    }
    const refused = await gw.call('admin', 'GET', '/api/events');
    await expectProblem(refused, 429);
    expect(refused.headers.get('retry-after')).toBe('3');
    const viewer = await open('', { authorization: 'Bearer api-viewer-token' });
    expect(viewer.status).toBe(200);
    for (const reader of [...held, viewer]) reader.close();
  });

  it('answers HEAD with the headers and holds no stream open', async () => {
    // more HEADs than one caller may hold streams: each would be refused (429) if it held one
    for (let i = 0; i < 10; i++) {
      const head = await gw.call('viewer', 'HEAD', '/api/events');
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(await head.text()).toBe('');
    }
  });

  it('counts open streams and ends them all on close', async () => {
    const reader = await open();
    await reader.next((m) => m.event === 'snapshot');
    expect(gw.gateway.app.runtime.streams.size).toBeGreaterThan(0);
    const metrics = await (await gw.call('viewer', 'GET', '/metrics')).text();
    expect(metrics).toMatch(/aether_sse_clients [1-9]/);
    gw.gateway.app.runtime.streams.closeAll();
    await reader.closedByServer();
    expect(gw.gateway.app.runtime.streams.size).toBe(0);
  });
});
