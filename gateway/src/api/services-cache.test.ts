import { describe, expect, it, vi } from 'vitest';
import { gunzipSync } from 'node:zlib';
import {
  pageServices,
  serviceMatcher,
  type ServiceListQuery,
  type ServiceSummary,
} from '@aether/contract';
import { makeResult, makeService } from '@aether/contract/fixtures';
import { EventBus } from '../events/bus.js';
import { FakeClock } from '../testing/fake-clock.js';
import type { Monitor } from '../monitor/types.js';
import { createServicesCache } from './services-cache.js';

/** Only listServices is read by the cache; the list keeps summary objects until a service changes, as the monitor does. */
function fleet(n: number) {
  const list: ServiceSummary[] = Array.from({ length: n }, (_, i) => makeService(i));
  const monitor = { listServices: () => list } as unknown as Monitor;
  return { list, monitor };
}

/** Marks the fleet's first service down and says so on the bus, as the monitor does. */
function firstGoesDown(list: ServiceSummary[], events: EventBus): void {
  list[0] = { ...list[0]!, status: 'down' };
  events.publish('status', {
    serviceId: list[0].id,
    checkId: 'health',
    status: 'down',
    previous: 'up',
    since: '2026-11-27T12:00:00.000Z',
    service: list[0],
  });
}

describe('services cache', () => {
  it('serves the list as JSON (and gzip) identical to serializing it whole', async () => {
    const { list, monitor } = fleet(50);
    const cache = createServicesCache({ monitor, events: new EventBus(), clock: new FakeClock(0) });
    const served = cache.get();
    expect(served.body.toString()).toBe(JSON.stringify(list));
    const zipping = served.gzipped();
    expect(served.gzipped()).toBe(zipping); // one gzip for the callers that ask meanwhile
    expect(gunzipSync(await zipping).toString()).toBe(JSON.stringify(list));
    expect(served.gzipped()).toBeInstanceOf(Buffer); // then the bytes themselves
  });

  it('re-serializes a changed service on the next rebuild and keeps one ETag until then', async () => {
    const { list, monitor } = fleet(5);
    const events = new EventBus();
    const clock = new FakeClock(0);
    const cache = createServicesCache({ monitor, events, clock, minRebuildMs: 1000 });
    const first = cache.get();

    list[2] = { ...list[2]!, lastLatencyMs: 999 }; // the monitor replaces the summary of a service that changed
    events.publish('result', makeResult(list[2]!.id, 'health', true));
    expect(cache.get().etag).toBe(first.etag); // a mere result waits minRebuildMs

    await clock.advance(1000);
    const second = cache.get();
    expect(second.etag).not.toBe(first.etag);
    expect(JSON.parse(second.body.toString())[2].lastLatencyMs).toBe(999);
    expect(second.body.toString()).toBe(JSON.stringify(list));
  });

  it('lets a build go once maxAgeMs passed without a request, with one timer however often it rebuilds', async () => {
    const { list, monitor } = fleet(3);
    const events = new EventBus();
    const clock = new FakeClock(0);
    const listServices = vi.spyOn(monitor, 'listServices');
    const cache = createServicesCache({ monitor, events, clock, maxAgeMs: 30_000 });
    for (let s = 0; s < 10; s++) {
      firstGoesDown(list, events); // a status change: rebuilt at once
      cache.get();
      await clock.advance(1000);
    }
    expect(listServices).toHaveBeenCalledTimes(10);
    expect(clock.pending).toBe(1);
    // the newest build (t = 9 s) is kept until t = 39 s: the timer fired at 30 s and moved on
    await clock.advance(28_000);
    expect(clock.pending).toBe(1);
    cache.get(); // t = 38 s: still served from that build
    expect(listServices).toHaveBeenCalledTimes(10);
    await clock.advance(1000);
    expect(clock.pending).toBe(0);
    cache.get();
    expect(listServices).toHaveBeenCalledTimes(11);
    cache.close();
  });

  it('rebuilds at once on any event but a result (a service may have been added)', () => {
    const { list, monitor } = fleet(3);
    const events = new EventBus();
    const cache = createServicesCache({ monitor, events, clock: new FakeClock(0) });
    const first = cache.get();
    list.push(makeService(3));
    events.publish('panels', { panels: [] });
    expect(cache.get().services.map((s) => s.id)).toContain('svc-00003');
    expect(cache.get().etag).not.toBe(first.etag);
  });

  it('rebuilds at once on a status change', () => {
    const { list, monitor } = fleet(3);
    const events = new EventBus();
    const cache = createServicesCache({ monitor, events, clock: new FakeClock(0) });
    const first = cache.get();
    firstGoesDown(list, events);
    const second = cache.get();
    expect(second.etag).not.toBe(first.etag);
    expect(JSON.parse(second.body.toString())[0].status).toBe('down');
  });

  const ids = (body: Buffer) => (JSON.parse(body.toString()) as ServiceSummary[]).map((s) => s.id);

  it.each<[string, ServiceListQuery, number, number]>([
    ['a group, first page', { group: 'commerce' }, 0, 4],
    ['a group from a cursor between its members', { group: 'identity' }, 7, 3],
    ['a group past its last member', { group: 'commerce' }, 46, 5],
    ['an unknown group', { group: 'nope' }, 0, 5],
    ['a group and a status', { group: 'payments', status: ['up', 'down'] }, 0, 2],
    ['a tag, no group', { tag: 'critical' }, 5, 4],
    ['a search', { q: 'service 1' }, 0, 3],
    ['no filter, the whole rest', {}, 10, Number.MAX_SAFE_INTEGER],
  ])('a page (%s) is the one pageServices cuts from the whole list', (_, query, start, limit) => {
    const { list, monitor } = fleet(50);
    const cache = createServicesCache({ monitor, events: new EventBus(), clock: new FakeClock(0) });
    const expected = pageServices(list, serviceMatcher(query), start, limit);
    const page = cache.get().page(query, start, limit);
    expect(ids(page.body)).toEqual(expected.items.map((s) => s.id));
    expect(page.body.toString()).toBe(JSON.stringify(expected.items));
    expect(page.next).toBe(expected.next);
  });

  it('serves a changed service in the next page: at once after a status change, after minRebuildMs after a result', async () => {
    const { list, monitor } = fleet(20);
    const events = new EventBus();
    const clock = new FakeClock(0);
    const cache = createServicesCache({ monitor, events, clock, minRebuildMs: 1000 });
    const query = { group: list[0]!.group };
    const before = cache.get().page(query, 0, 3);
    expect(cache.get().page(query, 0, 3)).toBe(before); // kept for the next caller of the same build

    firstGoesDown(list, events);
    const afterStatus = cache.get().page(query, 0, 3);
    expect(JSON.parse(afterStatus.body.toString())[0].status).toBe('down');

    list[0] = { ...list[0]!, lastLatencyMs: 999 };
    events.publish('result', makeResult(list[0].id, 'health', true));
    await clock.advance(1000);
    const afterResult = cache.get().page(query, 0, 3);
    expect(JSON.parse(afterResult.body.toString())[0].lastLatencyMs).toBe(999);
  });

  it("sees a service added to a group (a config reload) in that group's next page", () => {
    const { list, monitor } = fleet(4);
    const events = new EventBus();
    const cache = createServicesCache({ monitor, events, clock: new FakeClock(0) });
    const group = list[0]!.group;
    const before = ids(cache.get().page({ group }, 0, 10).body);
    list.push(makeService(100, { group }));
    events.publish('panels', { panels: [] }); // any event but a result may have changed the fleet
    expect(ids(cache.get().page({ group }, 0, 10).body)).toEqual([...before, 'svc-00100']);
  });

  it('never joins the whole body for a page', () => {
    const { monitor } = fleet(10);
    const cache = createServicesCache({ monitor, events: new EventBus(), clock: new FakeClock(0) });
    const built = cache.get();
    const stringify = vi.spyOn(JSON, 'stringify');
    built.page({ group: 'commerce' }, 0, 2);
    // one fragment per service on the page and one key for the page cache, never all ten
    expect(stringify.mock.calls.length).toBeLessThanOrEqual(3);
    stringify.mockRestore();
  });
});
