import { describe, expect, it } from 'vitest';
import { AetherConfig } from '../config/schema.js';
import { setup } from './monitor-harness.js';

/** Twelve services of one check each: few change at a time, so the list is patched. */
const services = (ids: number[]) =>
  ids.map((i) => ({
    id: `s${i}`,
    name: `Service ${i}`,
    baseUrl: `http://127.0.0.1:${9200 + i}`,
    ...(i === 11 && { dependsOn: ['s0'] }),
    // s0 every 10 s, the others once a minute: between their runs only s0 changes, so the list is
    // patched (and s11's entry moves only by its dependency's status)
    checks: [
      {
        id: 'health',
        type: 'http',
        interval: i === 0 ? '10s' : '60s',
        failAfter: 1,
        recoverAfter: 1,
      },
    ],
  }));
const all = Array.from({ length: 12 }, (_, i) => i);
const fleet = AetherConfig.parse({ server: { concurrency: 16 }, services: services(all) });

describe("the monitor's list", () => {
  it('is patched where services changed: new entries for those, the same objects for the rest', async () => {
    const { clock, monitor, behaviour } = await setup({ config: fleet });
    monitor.start();
    await clock.advance(20_000);
    const before = monitor.listServices();
    expect(before.map((s) => s.status)).toEqual(Array(12).fill('up'));
    expect(monitor.listServices()).toBe(before); // nothing changed: the same list

    behaviour.set('s0/health', 'fail');
    await clock.advance(10_000);
    const after = monitor.listServices();
    expect(after).not.toBe(before);
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(after.find((s) => s.id === 's0')!.status).toBe('down');
    // every entry is what the service's detail says now
    for (const s of after) expect(s.status).toBe(monitor.getService(s.id)!.status);
    // s1–s10 had no run since: their entries are the same objects
    expect(after.filter((s, i) => s === before[i]).map((s) => s.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `s${i + 1}`),
    );
    await monitor.stop();
  });

  it("patches a dependent's entry when its dependency's status moves its root cause", async () => {
    const { clock, monitor, behaviour } = await setup({ config: fleet });
    behaviour.set('s11/health', 'fail');
    monitor.start();
    await clock.advance(20_000);
    expect(monitor.listServices().find((s) => s.id === 's11')).toMatchObject({
      status: 'down',
      rootCause: null,
    });
    behaviour.set('s0/health', 'fail');
    await clock.advance(10_000); // s0 goes down; s11 has no run of its own until 60 s
    const dependent = monitor.listServices().find((s) => s.id === 's11')!;
    expect(dependent.rootCause).toMatchObject({ serviceId: 's0' });
    expect(dependent.rootCause).toEqual(monitor.getService('s11')!.rootCause);
    await monitor.stop();
  });

  it('is made whole again after a reload changes which services there are', async () => {
    const { clock, monitor } = await setup({ config: fleet });
    monitor.start();
    await clock.advance(20_000);
    monitor.listServices();
    await monitor.reconfigure(
      AetherConfig.parse({
        server: { concurrency: 16 },
        services: services(all.filter((i) => i !== 5)),
      }),
    );
    await clock.advance(10_000);
    expect(monitor.listServices().map((s) => s.id)).toEqual(
      fleet.services.filter((s) => s.id !== 's5').map((s) => s.id),
    );
    await monitor.stop();
  });
});
