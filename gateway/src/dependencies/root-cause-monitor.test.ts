import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ServiceList, StatusEvent } from '@aether/contract';
import { AetherConfig } from '../config/schema.js';
import { EventBus } from '../events/bus.js';
import { createMonitor } from '../monitor/create-monitor.js';
import { fakeProbe, T0 } from '../monitor/monitor-harness.js';
import { MemoryResultStore } from '../store/memory-store.js';
import { FakeClock } from '../testing/fake-clock.js';

const check = { id: 'health', type: 'http', interval: '10s', timeout: '1s', failAfter: 1 };
// web runs once in the test: its entry is rebuilt only because db's status changed
const rare = { ...check, interval: '1h' };
const config = AetherConfig.parse({
  services: [
    {
      id: 'web',
      name: 'Web',
      baseUrl: 'http://127.0.0.1:9101',
      dependsOn: ['db'],
      checks: [rare],
    },
    { id: 'db', name: 'DB', baseUrl: 'http://127.0.0.1:9102', checks: [check] },
  ],
});

describe('rootCause in the monitor', () => {
  it('follows the dependency live: set when it goes down after the dependent, cleared when it recovers', async () => {
    const clock = new FakeClock(T0);
    const fake = fakeProbe(clock);
    const monitor = await createMonitor({
      config,
      store: new MemoryResultStore({ clock, flushIntervalMs: 60_000 }),
      clock,
      probe: fake.probe,
      events: new EventBus(),
      logger: pino({ level: 'silent' }),
    });
    const view = () =>
      Object.fromEntries(
        ServiceList.parse(monitor.listServices()).map((s) => [s.id, [s.status, s.rootCause]]),
      );
    monitor.start();
    fake.behaviour.set('web/health', 'fail');
    await clock.advance(15_000);
    expect(view()).toEqual({ web: ['down', null], db: ['up', null] });

    // only db's status changes here: web's cached entry must still be rebuilt
    fake.behaviour.set('db/health', 'fail');
    await clock.advance(10_000);
    expect(view()).toEqual({
      web: ['down', { serviceId: 'db', checkId: 'health' }],
      db: ['down', null],
    });
    expect(monitor.getService('web')!.rootCause).toEqual({ serviceId: 'db', checkId: 'health' });

    fake.behaviour.set('db/health', 'ok');
    await clock.advance(10_000);
    expect(view()).toEqual({ web: ['down', null], db: ['up', null] });
    await monitor.stop();
  });

  it('passes the configured dependsOn through on list entries, details and status events', async () => {
    const clock = new FakeClock(T0);
    const fake = fakeProbe(clock);
    const events = new EventBus();
    const published: unknown[] = [];
    events.subscribe((e) => {
      if (e.type === 'status') published.push(e.data);
    });
    const monitor = await createMonitor({
      config,
      store: new MemoryResultStore({ clock, flushIntervalMs: 60_000 }),
      clock,
      probe: fake.probe,
      events,
      logger: pino({ level: 'silent' }),
    });
    const list = ServiceList.parse(monitor.listServices());
    expect(Object.fromEntries(list.map((s) => [s.id, s.dependsOn]))).toEqual({
      web: ['db'],
      db: [],
    });
    expect(monitor.getService('web')!.dependsOn).toEqual(['db']);
    monitor.start();
    await clock.advance(15_000);
    const web = published.map((e) => StatusEvent.parse(e)).find((e) => e.serviceId === 'web');
    expect(web?.service.dependsOn).toEqual(['db']);
    await monitor.stop();
  });
});
