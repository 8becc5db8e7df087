import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type { ServiceSummary } from '@aether/contract';
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

describe('services cache', () => {
  it('serves the list as JSON (and gzip) identical to serializing it whole', () => {
    const { list, monitor } = fleet(50);
    const cache = createServicesCache({ monitor, events: new EventBus(), clock: new FakeClock(0) });
    const served = cache.get();
    expect(served.body.toString()).toBe(JSON.stringify(list));
    expect(gunzipSync(served.gzipped()).toString()).toBe(JSON.stringify(list));
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
    list[0] = { ...list[0]!, status: 'down' };
    events.publish('status', {
      serviceId: list[0].id,
      checkId: 'health',
      status: 'down',
      previous: 'up',
      since: '2026-11-27T12:00:00.000Z',
      service: list[0],
    });
    const second = cache.get();
    expect(second.etag).not.toBe(first.etag);
    expect(JSON.parse(second.body.toString())[0].status).toBe('down');
  });
});
