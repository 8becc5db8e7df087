import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStores, type GatewayStores } from '../store/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { scheduleAlertPruning, ALERT_RETENTION_MS } from './alert-retention.js';
import type { Alert } from './types.js';

const DAY = 86_400_000;
let stores: GatewayStores | undefined;
afterEach(async () => {
  await stores?.close();
});

const alert = (id: string, state: Alert['state'], resolvedAt?: string): Alert => ({
  id,
  state,
  service: { id: `svc-${id}`, name: id, group: 'g', tags: [] },
  check: { id: 'health', type: 'http' },
  cause: 'status: expected 200, actual 503',
  since: '2026-01-01T00:00:00.000Z',
  ...(resolvedAt ? { resolvedAt } : {}),
});

describe('scheduleAlertPruning', () => {
  it('drops resolved alerts and finished messages past retention, never firing ones or pending messages', async () => {
    const clock = new FakeClock('2026-01-02T00:00:00.000Z');
    stores = openSqliteStores({ path: ':memory:' });
    const { alerts, outbox } = stores;
    await alerts.save([
      { alert: alert('old', 'resolved', '2026-01-01T12:00:00.000Z'), told: [], escalated: false },
      { alert: alert('open', 'firing'), told: [], escalated: false },
    ]);
    const message = (id: string) => ({
      id,
      channelId: 'hook',
      kind: 'firing' as const,
      groupKey: 'g',
      alerts: [],
    });
    await outbox.enqueue(message('sent'), clock.now());
    await outbox.recordAttempt(
      'sent',
      { at: new Date(clock.now()).toISOString(), outcome: 'delivered', status: 200 },
      { state: 'delivered' },
    );
    await outbox.enqueue(message('waiting'), clock.now());
    const pruned: { alerts: number; messages: number }[] = [];
    const stop = scheduleAlertPruning({
      clock,
      alerts,
      outbox,
      onPruned: (counts) => pruned.push(counts),
    });

    await clock.advance(ALERT_RETENTION_MS - 2 * DAY);
    expect(pruned).toEqual([]);
    await clock.advance(3 * DAY);
    stop();
    // the alert resolved 12 h before the message was sent: they pass retention in different hours
    const total = (key: 'alerts' | 'messages') => pruned.reduce((n, c) => n + c[key], 0);
    expect([total('alerts'), total('messages')]).toEqual([1, 1]);
    expect((await alerts.list({})).map((a) => a.id)).toEqual(['open']);
    expect(await outbox.get('sent')).toBeUndefined();
    expect((await outbox.get('waiting'))?.state).toBe('pending');
  });
});
