import { describe, expect, it } from 'vitest';
import { ServiceList } from '@aether/contract';
import { AetherConfig } from '../config/schema.js';
import { setup } from '../monitor/monitor-harness.js';

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
    const { clock, monitor, ...fake } = await setup({ config });
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
    const { clock, monitor, statusEvents } = await setup({ config });
    const list = ServiceList.parse(monitor.listServices());
    expect(Object.fromEntries(list.map((s) => [s.id, s.dependsOn]))).toEqual({
      web: ['db'],
      db: [],
    });
    expect(monitor.getService('web')!.dependsOn).toEqual(['db']);
    monitor.start();
    await clock.advance(15_000);
    const web = statusEvents().find((e) => e.serviceId === 'web');
    expect(web?.service.dependsOn).toEqual(['db']);
    await monitor.stop();
  });
});
