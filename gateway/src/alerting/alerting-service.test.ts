import { afterEach, describe, expect, it } from 'vitest';
import { AlertingConfig, MaintenanceConfig } from '../config/alerting-schema.js';
import { openDatabase } from '../store/database.js';
import { SqliteAlertStore } from '../store/sqlite-alert-store.js';
import { SqliteMaintenanceStore } from '../store/sqlite-maintenance-store.js';
import { SqliteOutboxStore } from '../store/sqlite-outbox-store.js';
import { FakeClock } from '../testing/fake-clock.js';
import { Alerting } from './alerting-service.js';
import { RecordingReceiver } from './channels/recording-receiver.js';
import type { Notification } from './types.js';

const T0 = Date.UTC(2026, 0, 4);
const S = 1000;
const MIN = 60 * S;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const receiver = await RecordingReceiver.start();
  cleanups.push(() => receiver.close());
  const db = openDatabase(':memory:');
  const clock = new FakeClock(T0);
  const stores = {
    alerts: new SqliteAlertStore(db),
    outbox: new SqliteOutboxStore(db),
    windows: new SqliteMaintenanceStore(db),
  };
  const alerting = await Alerting.start({
    alerting: AlertingConfig.parse({
      channels: [{ id: 'oncall', type: 'webhook', url: receiver.url(), secret: '${HOOK_SECRET}' }],
      routes: [{ channels: ['oncall'], groupWait: '10s' }],
    }),
    maintenance: MaintenanceConfig.parse({}),
    clock,
    env: { HOOK_SECRET: 'hook-secret-value' },
    shellUrl: 'http://127.0.0.1:5173',
    ...stores,
  });
  cleanups.push(async () => {
    await alerting.stop();
    db.close();
  });
  const down = (id: string) =>
    alerting.observe({
      service: { id, name: id, group: 'shop', tags: [] },
      status: 'down',
      since: new Date(clock.now()).toISOString(),
      check: { id: 'health', type: 'http' },
      cause: 'refused: connection refused',
    });
  return { receiver, clock, alerting, down, ...stores };
}

describe('Alerting, put together', () => {
  it('an outage becomes one signed webhook, stored with its alerts and delivery attempt', async () => {
    const t = await setup();
    for (const id of ['orders', 'cart', 'auth']) t.down(id);
    await t.clock.advance(10 * S);
    await t.receiver.received(1);
    const body = t.receiver.json(0) as Notification & { version: number };
    expect(body.alerts.map((a) => a.service.id)).toEqual(['orders', 'cart', 'auth']);
    expect(t.receiver.requests[0]!.headers['x-aether-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    const stored = await t.alerts.list({ states: ['firing'] });
    expect(stored).toHaveLength(3);
    const [alert] = stored;
    const messages = await waitFor(async () => {
      const found = await t.outbox.messagesForAlert(alert!.id);
      return found[0]?.state === 'delivered' ? found : undefined;
    }, t.clock);
    expect(messages[0]!.attempts).toEqual([
      expect.objectContaining({ outcome: 'delivered', status: 200 }),
    ]);
    expect((await t.alerts.get(alert!.id))?.told).toEqual(['oncall']);
  });

  it('holds a service in an ad-hoc window and sends its alert when the window is ended', async () => {
    const t = await setup();
    await t.windows.create({
      match: { services: ['orders'] },
      startsAt: new Date(T0).toISOString(),
      endsAt: new Date(T0 + 60 * MIN).toISOString(),
      reason: 'deploy 1.4.2',
      createdBy: 'ci',
    });
    await t.alerting.refreshMaintenance();
    expect(t.alerting.maintenanceFor({ id: 'orders', group: 'shop', tags: [] })).toEqual({
      id: expect.any(String),
      endsAt: new Date(T0 + 60 * MIN).toISOString(),
      reason: 'deploy 1.4.2',
    });
    t.down('orders');
    await t.clock.advance(MIN);
    expect(t.receiver.requests).toHaveLength(0);
    expect((await t.alerts.list({}))[0]?.state).toBe('held');

    // the window runs out on its own: the calendar's timer releases the hold
    await t.clock.advance(59 * MIN + 10 * S);
    await t.receiver.received(1);
    expect((t.receiver.json(0) as Notification).alerts.map((a) => a.service.id)).toEqual([
      'orders',
    ]);
  });

  it('sends a test message and answers with its attempt; lists channels without secrets', async () => {
    const t = await setup();
    const attempt = t.alerting.testChannel('oncall');
    await t.clock.advance(0);
    expect(await attempt).toMatchObject({ outcome: 'delivered', status: 200 });
    expect((t.receiver.json(0) as Notification).kind).toBe('test');
    expect(await t.alerting.testChannel('nope')).toBeUndefined();
    expect(t.alerting.channels()).toEqual([
      { id: 'oncall', type: 'webhook', target: new URL(t.receiver.url()).host },
    ]);
    expect(JSON.stringify(t.alerting.channels())).not.toContain('hook-secret-value');
  });
});

/** Lets the loop's real network I/O finish: turns the fake clock's event loop until `probe` answers. */
async function waitFor<T>(probe: () => Promise<T | undefined>, clock: FakeClock): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await clock.advance(0);
  }
}
