import { describe, expect, it } from 'vitest';
import type { Status } from '@aether/contract';
import { AlertRoute } from '../config/alerting-schema.js';
import { Refused } from '../domain/refusal.js';
import { FakeClock } from '../testing/fake-clock.js';
import { AlertDispatcher, type ServiceObservation } from './alert-dispatcher.js';
import type { AlertRecord } from '../store/alert-store.js';
import type { Alert, Notification } from './types.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

function service(id: string, tags: string[] = []) {
  return { id, name: `Service ${id}`, group: 'shop', tags };
}

function setup(routeInput: object[] = [{ channels: ['oncall'] }]) {
  const clock = new FakeClock(T0);
  const routes = routeInput.map((r) => AlertRoute.parse(r));
  const sent: Notification[] = [];
  const changes: Alert[] = [];
  const maintenance = new Set<string>();
  let ids = 0;
  const dispatcher = new AlertDispatcher({
    routes: () => routes,
    clock,
    inMaintenance: (s) => maintenance.has(s.id),
    send: (n) => sent.push(n),
    onChange: (record) => changes.push(record.alert),
    shellUrl: 'http://127.0.0.1:5173',
    newId: (prefix) => `${prefix}-${++ids}`,
  });
  const observe = (
    id: string,
    status: Status,
    extra: Partial<ServiceObservation> & { tags?: string[] } = {},
  ) =>
    dispatcher.observe({
      service: service(id, extra.tags),
      status,
      since: new Date(clock.now()).toISOString(),
      check: { id: 'health', type: 'http' },
      cause: 'status: expected 200, actual 503',
      ...extra,
    });
  const summary = () =>
    sent.map((n) => `${n.kind} ${n.channelId} [${n.alerts.map((a) => a.service.id).join(',')}]`);
  const stateOf = (serviceId: string) =>
    dispatcher.alerts().find((a) => a.service.id === serviceId && a.state !== 'resolved')?.state;
  return { clock, dispatcher, sent, changes, maintenance, observe, summary, stateOf };
}

describe('AlertDispatcher: grouping', () => {
  it.each([20, 1000])(
    '%i services down at once are one message per channel, after groupWait',
    async (count) => {
      const t = setup([{ channels: ['oncall', 'chat'], groupWait: '30s' }]);
      for (let i = 0; i < count; i++) t.observe(`svc-${i}`, 'down');
      await t.clock.advance(29 * S);
      expect(t.sent).toEqual([]);
      await t.clock.advance(1 * S);
      expect(t.sent.map((n) => [n.kind, n.channelId, n.alerts.length])).toEqual([
        ['firing', 'oncall', count],
        ['firing', 'chat', count],
      ]);
      expect(t.sent[0]).toMatchObject({
        id: expect.stringMatching(/^msg-/),
        groupKey: 'route-0/oncall',
        alerts: expect.arrayContaining([
          expect.objectContaining({
            status: 'firing',
            url: 'http://127.0.0.1:5173/p/health/services/svc-0',
          }),
        ]),
      });
    },
  );

  it('alerts that fire after the window closed go in the next message', async () => {
    const t = setup([{ channels: ['oncall'], groupWait: '30s', repeat: '0s' }]);
    t.observe('a', 'down');
    await t.clock.advance(10 * S);
    t.observe('b', 'down');
    await t.clock.advance(25 * S);
    t.observe('c', 'down');
    await t.clock.advance(30 * S);
    expect(t.summary()).toEqual(['firing oncall [a,b]', 'firing oncall [c]']);
  });

  it('resolutions within groupWait are one resolved message, only to channels that were told', async () => {
    const t = setup([{ channels: ['oncall'], groupWait: '30s', repeat: '0s' }]);
    t.observe('a', 'down');
    t.observe('b', 'down');
    await t.clock.advance(30 * S);
    t.observe('c', 'down');
    t.observe('a', 'up');
    t.observe('b', 'up');
    t.observe('c', 'up'); // resolved before its firing message left: nobody hears of it
    await t.clock.advance(30 * S);
    expect(t.summary()).toEqual(['firing oncall [a,b]', 'resolved oncall [a,b]']);
    expect(t.sent[1]!.alerts[0]).toMatchObject({
      status: 'resolved',
      resolvedAt: new Date(T0 + 30 * S).toISOString(),
    });
  });
});

describe('AlertDispatcher: firing and resolving', () => {
  it.each([
    ['fires after `for`', '2m', [['down', 0]], 2 * MIN, ['firing oncall [a]']],
    ['not before `for`', '2m', [['down', 0]], 2 * MIN - 1, []],
    [
      'a blip shorter than `for` never fires',
      '2m',
      [
        ['down', 0],
        ['up', MIN],
      ],
      10 * MIN,
      [],
    ],
    ['`for` 0s fires at once', '0s', [['down', 0]], 0, ['firing oncall [a]']],
    ['degraded does not fire a down route', '0s', [['degraded', 0]], 10 * MIN, []],
    [
      'unknown does not resolve',
      '0s',
      [
        ['down', 0],
        ['unknown', MIN],
      ],
      10 * MIN,
      ['firing oncall [a]'],
    ],
  ] as const)('%s', async (_name, forText, steps, until, expected) => {
    const t = setup([{ channels: ['oncall'], for: forText, groupWait: '0s', repeat: '0s' }]);
    let at = 0;
    for (const [status, offset] of steps) {
      await t.clock.advance(offset - at);
      at = offset;
      t.observe('a', status);
    }
    await t.clock.advance(until - at);
    expect(t.summary()).toEqual(expected);
  });

  it('fires on degraded when the route says so', async () => {
    const t = setup([{ channels: ['oncall'], on: ['down', 'degraded'], groupWait: '0s' }]);
    t.observe('a', 'degraded');
    t.observe('a', 'down');
    await t.clock.advance(0);
    expect(t.summary()).toEqual(['firing oncall [a]']);
  });

  it('the first matching route decides the channels', async () => {
    const t = setup([
      { match: { tags: ['critical'] }, channels: ['pager'], groupWait: '0s' },
      { match: {}, channels: ['oncall'], groupWait: '0s' },
    ]);
    t.observe('payments', 'down', { tags: ['critical'] });
    t.observe('blog', 'down');
    await t.clock.advance(0);
    expect(t.summary()).toEqual(['firing pager [payments]', 'firing oncall [blog]']);
  });

  it('sendResolved: false sends nothing on recovery', async () => {
    const t = setup([{ channels: ['oncall'], groupWait: '0s', sendResolved: false }]);
    t.observe('a', 'down');
    await t.clock.advance(0);
    t.observe('a', 'up');
    await t.clock.advance(H);
    expect(t.summary()).toEqual(['firing oncall [a]']);
    expect(t.changes.at(-1)).toMatchObject({ state: 'resolved' });
  });

  it('a new episode after recovery is a new alert', async () => {
    const t = setup([{ channels: ['oncall'], groupWait: '0s' }]);
    t.observe('a', 'down');
    await t.clock.advance(0);
    t.observe('a', 'up');
    await t.clock.advance(0);
    t.observe('a', 'down');
    await t.clock.advance(0);
    const ids = t.sent.map((n) => n.alerts[0]!.id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('a flapping service is alerted once per flapping episode: its recoveries resolve nothing until the flapping ends', async () => {
    const t = setup([{ channels: ['oncall'], groupWait: '0s', repeat: '0s' }]);
    t.observe('a', 'down');
    await t.clock.advance(0);
    // 8 changes in a few minutes, flapping from the 4th
    for (let i = 0; i < 8; i++) {
      t.observe('a', i % 2 === 0 ? 'up' : 'down', { flapping: i >= 2 });
      await t.clock.advance(20 * S);
    }
    expect(t.summary()).toEqual(['firing oncall [a]', 'resolved oncall [a]', 'firing oncall [a]']);
    // the episode ends while up (a quiet window): the one alert of the episode resolves
    t.observe('a', 'up', { flapping: false });
    await t.clock.advance(0);
    expect(t.summary()).toEqual([
      'firing oncall [a]',
      'resolved oncall [a]',
      'firing oncall [a]',
      'resolved oncall [a]',
    ]);
    expect(t.stateOf('a')).toBeUndefined();
  });

  it('a flapping episode that ends down keeps its alert firing', async () => {
    const t = setup([{ channels: ['oncall'], groupWait: '0s', repeat: '0s' }]);
    t.observe('a', 'down', { flapping: true });
    await t.clock.advance(0);
    t.observe('a', 'up', { flapping: true });
    t.observe('a', 'down', { flapping: false });
    await t.clock.advance(0);
    expect(t.summary()).toEqual(['firing oncall [a]']);
    expect(t.stateOf('a')).toBe('firing');
  });
});

describe('AlertDispatcher: reminders, escalation, acknowledgement', () => {
  const route = {
    channels: ['oncall'],
    groupWait: '0s',
    repeat: '4h',
    escalate: { after: '15m', channels: ['mail'] },
  };

  it('reminds every `repeat` and escalates after `after` while nobody acknowledges', async () => {
    const t = setup([route]);
    t.observe('a', 'down');
    await t.clock.advance(8 * H);
    expect(t.summary()).toEqual([
      'firing oncall [a]',
      'escalation mail [a]',
      'reminder oncall [a]',
      'reminder mail [a]',
      'reminder oncall [a]',
      'reminder mail [a]',
    ]);
    t.observe('a', 'up');
    await t.clock.advance(0);
    expect(t.summary().slice(6)).toEqual(['resolved oncall [a]', 'resolved mail [a]']);
  });

  it('an acknowledgement stops reminders and escalation; the resolution still goes out', async () => {
    const t = setup([route]);
    t.observe('a', 'down');
    await t.clock.advance(10 * MIN);
    const id = t.sent[0]!.alerts[0]!.id;
    expect(t.dispatcher.acknowledge(id, 'alice', 'on it')).toMatchObject({
      state: 'acknowledged',
      acknowledged: { by: 'alice', at: new Date(T0 + 10 * MIN).toISOString(), comment: 'on it' },
    });
    await t.clock.advance(8 * H);
    t.observe('a', 'up');
    await t.clock.advance(0);
    expect(t.summary()).toEqual(['firing oncall [a]', 'resolved oncall [a]']);
  });

  it.each([
    ['an unknown alert', 'al-nope', { reason: 'not-found', detail: 'no alert al-nope' }],
    [
      'an acknowledged alert',
      'FIRST',
      { reason: 'conflict', detail: 'already acknowledged by alice' },
    ],
    ['a resolved alert', 'RESOLVED', { reason: 'conflict', detail: 'the alert is resolved' }],
  ])('acknowledging %s', async (_name, which, expected) => {
    const t = setup([route]);
    t.observe('a', 'down');
    t.observe('b', 'down');
    await t.clock.advance(0);
    const [a, b] = t.sent[0]!.alerts;
    t.dispatcher.acknowledge(a!.id, 'alice');
    t.observe('b', 'up');
    const id = which === 'FIRST' ? a!.id : which === 'RESOLVED' ? b!.id : which;
    let caught: unknown;
    try {
      t.dispatcher.acknowledge(id, 'bob');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Refused);
    expect((caught as Refused).refusal).toEqual(expected);
  });
});

describe('AlertDispatcher: maintenance and root causes', () => {
  const route = { channels: ['oncall'], groupWait: '0s', repeat: '0s' };

  it('holds an alert in a window and sends it when the window ends if still firing', async () => {
    const t = setup([route]);
    t.maintenance.add('a');
    t.maintenance.add('b');
    t.observe('a', 'down');
    t.observe('b', 'down');
    await t.clock.advance(10 * MIN);
    expect(t.sent).toEqual([]);
    expect(t.stateOf('a')).toBe('held');
    t.observe('b', 'up'); // recovered inside the window: nobody is told
    t.maintenance.clear();
    t.dispatcher.maintenanceChanged();
    await t.clock.advance(0);
    expect(t.summary()).toEqual(['firing oncall [a]']);
    expect(t.stateOf('a')).toBe('firing');
  });

  it('a window that starts while firing holds reminders and escalation', async () => {
    const t = setup([{ ...route, repeat: '1h', escalate: { after: '15m', channels: ['mail'] } }]);
    t.observe('a', 'down');
    await t.clock.advance(MIN);
    t.maintenance.add('a');
    t.dispatcher.maintenanceChanged();
    await t.clock.advance(3 * H);
    expect(t.summary()).toEqual(['firing oncall [a]']);
    t.maintenance.clear();
    t.dispatcher.maintenanceChanged();
    await t.clock.advance(15 * MIN);
    // already told: no second firing message; escalation counts from the end of the hold
    expect(t.summary()).toEqual(['firing oncall [a]', 'escalation mail [a]']);
  });

  it('suppresses an alert whose dependency is the root cause, and fires it when that recovers', async () => {
    const t = setup([route]);
    const rootCause = { serviceId: 'db', checkId: 'tcp' };
    t.observe('orders', 'down', { rootCause });
    await t.clock.advance(MIN);
    expect(t.stateOf('orders')).toBe('suppressed');
    expect(t.sent).toEqual([]);
    t.observe('orders', 'down', { rootCause: null });
    await t.clock.advance(0);
    expect(t.summary()).toEqual(['firing oncall [orders]']);
  });

  it('a suppressed alert that recovers was never sent, so its resolution is not either', async () => {
    const t = setup([route]);
    t.observe('orders', 'down', { rootCause: { serviceId: 'db', checkId: 'tcp' } });
    t.observe('orders', 'up');
    await t.clock.advance(H);
    expect(t.sent).toEqual([]);
    expect(t.changes.map((c) => c.state)).toEqual(['suppressed', 'resolved']);
  });
});

describe('AlertDispatcher: restart', () => {
  it('resumes unresolved alerts: no second firing message, the resolution reaches who was told', async () => {
    const route = { channels: ['oncall'], groupWait: '0s', repeat: '1h' };
    const first = setup([route]);
    const saved = new Map<string, AlertRecord>();
    const clock = first.clock;
    const before = new AlertDispatcher({
      routes: () => [AlertRoute.parse(route)],
      clock,
      inMaintenance: () => false,
      send: (n) => first.sent.push(n),
      onChange: (record) => saved.set(record.alert.id, record),
      shellUrl: 'http://127.0.0.1:5173',
    });
    const down = {
      service: service('a'),
      status: 'down' as const,
      since: new Date(T0).toISOString(),
      check: { id: 'health', type: 'http' as const },
      cause: 'refused: connection refused',
    };
    before.observe(down);
    await clock.advance(0);
    before.stop();
    expect(first.summary()).toEqual(['firing oncall [a]']);
    expect([...saved.values()]).toEqual([
      expect.objectContaining({
        told: ['oncall'],
        alert: expect.objectContaining({ state: 'firing' }),
      }),
    ]);

    const after = setup([route]);
    after.dispatcher.restore([...saved.values()]);
    after.observe('a', 'down');
    await after.clock.advance(30 * MIN);
    expect(after.sent).toEqual([]);
    await after.clock.advance(30 * MIN);
    expect(after.summary()).toEqual(['reminder oncall [a]']);
    after.observe('a', 'up');
    await after.clock.advance(0);
    expect(after.summary()).toEqual(['reminder oncall [a]', 'resolved oncall [a]']);
    expect(after.sent[1]!.alerts[0]!.id).toBe([...saved.keys()][0]);
  });
});
