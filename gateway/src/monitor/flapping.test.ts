import { describe, expect, it } from 'vitest';
import { ServiceList } from '@aether/contract';
import { AetherConfig } from '../config/schema.js';
import { setup as harnessSetup } from './monitor-harness.js';

const check = { id: 'health', type: 'http', interval: '10s', timeout: '1s', failAfter: 1 };
const config = AetherConfig.parse({
  flapping: { changes: 4, window: '10m' },
  services: [
    { id: 'cart', name: 'Cart', baseUrl: 'http://127.0.0.1:9101', checks: [check] },
    {
      id: 'calm',
      name: 'Calm',
      baseUrl: 'http://127.0.0.1:9102',
      flapping: { changes: 20 },
      checks: [check],
    },
  ],
});

async function setup() {
  const { clock, monitor, statusEvents, ...fake } = await harnessSetup({ config });
  const flapOf = (id: string) => {
    const s = ServiceList.parse(monitor.listServices()).find((x) => x.id === id)!;
    return [s.flapping, s.flapChanges];
  };
  return { clock, fake, monitor, statuses: statusEvents, flapOf };
}

describe('flapping in the monitor', () => {
  it('flags a service after 4 status changes within 10 minutes, counts the episode, and clears after a quiet window', async () => {
    const { clock, fake, monitor, statuses, flapOf } = await setup();
    monitor.start();
    await clock.advance(15_000); // both up
    expect(flapOf('cart')).toEqual([false, 0]);
    // down/up every 20 s: 8 changes in under 3 minutes
    for (let i = 0; i < 8; i++) {
      const state = i % 2 === 0 ? 'fail' : 'ok';
      fake.behaviour.set('cart/health', state);
      fake.behaviour.set('calm/health', state);
      await clock.advance(20_000);
      if (i === 2) expect(flapOf('cart')).toEqual([false, 0]);
      if (i === 3) expect(flapOf('cart')).toEqual([true, 4]);
    }
    expect(flapOf('cart')).toEqual([true, 8]);
    expect(flapOf('calm')).toEqual([false, 0]); // its own setting: 20 changes
    expect(monitor.getService('cart')!.flapping).toBe(true);
    const last = statuses()
      .filter((e) => e.serviceId === 'cart')
      .at(-1)!;
    expect(last.service).toMatchObject({ flapping: true, flapChanges: 8 });
    // its four incidents are one flapping run
    const incidents = await monitor.incidents('cart');
    expect(incidents).toHaveLength(4);
    expect(new Set(incidents.map((i) => i.flapGroup))).toEqual(new Set([incidents.at(-1)!.id]));

    // up and quiet: still flapping until a whole window passed since the last change
    await clock.advance(9 * 60_000);
    expect(flapOf('cart')).toEqual([true, 8]);
    const before = statuses().length;
    await clock.advance(60_000);
    expect(flapOf('cart')).toEqual([false, 0]);
    // the end is announced (same status), so lists and alerting hear it without a change
    const ended = statuses()
      .slice(before)
      .find((e) => e.serviceId === 'cart')!;
    expect(ended).toMatchObject({ status: 'up', previous: 'up' });
    expect(ended.service.flapping).toBe(false);
    await monitor.stop();
  });

  it('does not count the first status after a start as a change', async () => {
    const { clock, fake, monitor, flapOf } = await setup();
    monitor.start();
    await clock.advance(15_000); // unknown → up
    fake.behaviour.set('cart/health', 'fail');
    await clock.advance(10_000);
    fake.behaviour.set('cart/health', 'ok');
    await clock.advance(10_000);
    fake.behaviour.set('cart/health', 'fail');
    await clock.advance(10_000);
    expect(flapOf('cart')).toEqual([false, 0]); // 3 changes, not 4
    await monitor.stop();
  });
});
