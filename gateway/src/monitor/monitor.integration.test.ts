import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Incident, ServiceDetail, type Status, type StatusEvent } from '@aether/contract';
import { systemClock } from '../clock.js';
import { AetherConfig } from '../config/schema.js';
import { EventBus } from '../events/bus.js';
import { runProbe } from '../probes/index.js';
import { openDatabase } from '../store/database.js';
import { SqliteResultStore } from '../store/sqlite-store.js';
import { createMonitor, type ScheduledMonitor } from './create-monitor.js';

/** A loopback service whose /health answers 200 {"status":"ok"} or 503, as the test says. */
async function flakyService(): Promise<{
  url: string;
  setHealthy(ok: boolean): void;
  close(): Promise<void>;
}> {
  let healthy = true;
  const server: Server = createServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: healthy ? 'ok' : 'failing' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setHealthy: (ok) => (healthy = ok),
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('monitor with the real probe against a loopback service', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(interval: string) {
    const target = await flakyService();
    cleanups.push(() => target.close());
    const config = AetherConfig.parse({
      services: [
        {
          id: 'orders',
          name: 'Orders API',
          baseUrl: target.url,
          checks: [
            {
              id: 'health',
              type: 'http',
              path: '/health',
              interval,
              timeout: '2s',
              failAfter: 2,
              recoverAfter: 1,
              expect: { status: [200], json: { '$.status': 'ok' } },
            },
          ],
        },
      ],
    });
    const db = openDatabase(':memory:');
    const store = new SqliteResultStore(db);
    const events = new EventBus();
    const monitor: ScheduledMonitor = await createMonitor({
      config,
      store,
      clock: systemClock,
      probe: runProbe,
      events,
      logger: pino({ level: 'silent' }),
    });
    cleanups.push(async () => {
      await monitor.stop();
      await store.close();
      db.close();
    });
    return { target, monitor, events };
  }

  /** Resolves with the next status event of `orders` that reaches `status`. */
  function nextStatus(events: EventBus, status: Status): Promise<StatusEvent> {
    return new Promise((resolve) => {
      const off = events.subscribe((e) => {
        const data = e.data as StatusEvent;
        if (e.type === 'status' && data.serviceId === 'orders' && data.status === status) {
          off();
          resolve(data);
        }
      });
    });
  }

  it('verify: up, down after two failures, up again, with one closed incident', async () => {
    const { target, monitor } = await start('1h');
    const status = () => monitor.getService('orders')!.status;

    expect((await monitor.verify({}))[0]).toMatchObject({ success: true, httpStatus: 200 });
    expect(status()).toBe('up');

    target.setHealthy(false);
    const [failed] = await monitor.verify({ services: ['orders'] });
    expect(failed).toMatchObject({ success: false, httpStatus: 503 });
    expect(
      failed!.conditions
        .filter((c) => !c.ok)
        .map((c) => c.condition)
        .sort(),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/status/)]));
    expect(status()).toBe('up'); // failAfter 2
    await monitor.verify({ services: ['orders'] });
    expect(status()).toBe('down');
    const [open] = await monitor.incidents('orders');
    expect(Incident.parse(open)).toMatchObject({ status: 'down', endedAt: null });
    expect(open!.cause).toMatch(/^2 failures in a row: .*503/);

    target.setHealthy(true);
    await monitor.verify({ services: ['orders'] });
    expect(status()).toBe('up');
    const [closed] = await monitor.incidents('orders');
    expect(Incident.parse(closed)).toMatchObject({ id: open!.id });
    expect(closed!.durationMs).toBeGreaterThanOrEqual(0);
    ServiceDetail.parse(monitor.getService('orders'));
  });

  it('scheduled: the running monitor sees the service go down and come back', async () => {
    const { target, monitor, events } = await start('200ms');
    const up = nextStatus(events, 'up');
    monitor.start();
    expect((await up).previous).toBe('unknown');

    const down = nextStatus(events, 'down');
    target.setHealthy(false);
    expect(await down).toMatchObject({
      previous: 'up',
      checkId: 'health',
      service: { status: 'down' },
    });

    const back = nextStatus(events, 'up');
    target.setHealthy(true);
    expect(await back).toMatchObject({ previous: 'down' });
    expect((await monitor.incidents('orders'))[0]!.endedAt).not.toBeNull();
    expect(monitor.stats().runs).toBeGreaterThanOrEqual(4);
  });
});
