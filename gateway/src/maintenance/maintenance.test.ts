import { describe, expect, it } from 'vitest';
import { RecurringWindow } from '../config/alerting-schema.js';
import type { MaintenanceWindow } from '../store/maintenance-store.js';
import { MaintenanceCalendar } from './maintenance-calendar.js';
import { RecurringSchedule } from './recurring-windows.js';
import { matchesService } from './window-match.js';
import { planWindow } from './window-request.js';
import { Refused } from '../domain/refusal.js';

const H = 3_600_000;
const MIN = 60_000;
const orders = { id: 'orders', group: 'shop', tags: ['prod', 'critical'] };

describe('matchesService', () => {
  it.each([
    [{}, true],
    [{ services: ['orders'] }, true],
    [{ services: ['auth', 'orders'] }, true],
    [{ services: ['auth'] }, false],
    [{ groups: ['shop'] }, true],
    [{ groups: ['core'] }, false],
    [{ tags: ['critical'] }, true],
    [{ tags: ['staging', 'prod'] }, true],
    [{ tags: ['staging'] }, false],
    [{ services: ['orders'], tags: ['staging'] }, false],
    [{ services: ['orders'], groups: ['shop'], tags: ['prod'] }, true],
    [{ services: [] }, false],
  ])('%o → %s', (match, expected) => {
    expect(matchesService(match, orders)).toBe(expected);
  });
});

const recurring = (fields: Record<string, unknown>) =>
  RecurringWindow.parse({ id: 'patching', cron: '0 2 * * SUN', duration: '1h', ...fields });

describe('RecurringSchedule', () => {
  // Sunday 2026-01-04; Berlin is UTC+1 in winter, UTC+2 in summer.
  it.each([
    ['UTC', '2026-01-04T02:00:00.000Z', '2026-01-04T02:00:00.000Z'],
    ['UTC', '2026-01-04T02:59:59.999Z', '2026-01-04T02:00:00.000Z'],
    ['UTC', '2026-01-04T03:00:00.000Z', undefined],
    ['UTC', '2026-01-04T01:59:59.000Z', undefined],
    ['Europe/Berlin', '2026-01-04T01:30:00.000Z', '2026-01-04T01:00:00.000Z'],
    ['Europe/Berlin', '2026-01-04T02:30:00.000Z', undefined],
    ['Europe/Berlin', '2026-07-05T00:30:00.000Z', '2026-07-05T00:00:00.000Z'],
    ['America/New_York', '2026-01-04T07:10:00.000Z', '2026-01-04T07:00:00.000Z'],
  ])('%s at %s → occurrence starting %s', (timezone, at, start) => {
    const schedule = new RecurringSchedule(recurring({ timezone }));
    const occurrence = schedule.activeAt(Date.parse(at));
    expect(occurrence && new Date(occurrence.startsAt).toISOString()).toBe(start);
    if (occurrence) {
      expect(occurrence.endsAt - occurrence.startsAt).toBe(H);
      expect(occurrence.id).toBe(`patching@${start}`);
    }
  });

  it('finds the next start', () => {
    const schedule = new RecurringSchedule(recurring({}));
    expect(schedule.nextAfter(Date.parse('2026-01-04T02:00:00.000Z'))?.startsAt).toBe(
      Date.parse('2026-01-11T02:00:00.000Z'),
    );
  });
});

describe('planWindow', () => {
  const NOW = Date.UTC(2026, 0, 1);
  const MAX = 24 * H;
  const iso = (ms: number) => new Date(ms).toISOString();
  it.each([
    [{ durationMs: 15 * MIN }, { startsAt: NOW, endsAt: NOW + 15 * MIN }],
    [
      { startsAt: iso(NOW + H), endsAt: iso(NOW + 2 * H) },
      { startsAt: NOW + H, endsAt: NOW + 2 * H },
    ],
    [{ durationMs: 24 * H }, { startsAt: NOW, endsAt: NOW + 24 * H }],
  ])('%o → %o', (request, expected) => {
    expect(planWindow(request, NOW, MAX)).toEqual(expected);
  });

  it.each([
    [{ durationMs: 24 * H + 1 }, 'body.duration', 'at most 1440 minutes (maintenance.maxDuration)'],
    [{}, 'body.duration', 'must end on its own'],
    [{ endsAt: iso(NOW + H), durationMs: H }, 'body.endsAt', 'not both'],
    [{ startsAt: 'yesterday', durationMs: H }, 'body.startsAt', 'startsAt is not an ISO'],
    [{ endsAt: 'soon' }, 'body.endsAt', 'endsAt is not an ISO'],
    [{ durationMs: 0 }, 'body.duration', 'end after it starts'],
    [{ startsAt: iso(NOW - 2 * H), endsAt: iso(NOW - H) }, 'body.endsAt', 'already be over'],
  ])('%o is refused as invalid at %s', (request, path, text) => {
    let caught: unknown;
    try {
      planWindow(request, NOW, MAX);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Refused);
    expect((caught as Refused).refusal).toMatchObject({
      reason: 'invalid',
      detail: expect.stringContaining(text),
      errors: [{ path, message: expect.stringContaining(text) }],
    });
  });
});

describe('MaintenanceCalendar', () => {
  const T0 = Date.parse('2026-01-04T00:00:00.000Z');
  const adHoc = (id: string, match: MaintenanceWindow['match'], from: number, to: number) => ({
    id,
    match,
    startsAt: new Date(T0 + from).toISOString(),
    endsAt: new Date(T0 + to).toISOString(),
    reason: `deploy ${id}`,
    createdBy: 'ci',
  });

  it('says which window covers a service, the longest-running first, and when that changes', () => {
    const calendar = new MaintenanceCalendar([recurring({ match: { tags: ['prod'] } })]);
    calendar.setAdHoc([
      adHoc('a', { services: ['orders'] }, 30 * MIN, 2 * H + 30 * MIN),
      adHoc('b', { services: ['auth'] }, 0, 10 * H),
    ]);
    const at = (ms: number) => calendar.windowFor(orders, T0 + ms);
    expect(at(0)).toBeNull();
    expect(at(30 * MIN)).toEqual({
      id: 'a',
      endsAt: '2026-01-04T02:30:00.000Z',
      reason: 'deploy a',
    });
    expect(at(2 * H + 15 * MIN)).toEqual({
      id: 'patching@2026-01-04T02:00:00.000Z',
      endsAt: '2026-01-04T03:00:00.000Z',
      reason: 'recurring window patching',
    });
    expect(at(3 * H)).toBeNull();
    expect(calendar.windowFor({ id: 'auth', group: 'core', tags: [] }, T0 + 3 * H)?.id).toBe('b');

    const changes: number[] = [];
    for (let t = T0; changes.length < 5;) {
      t = calendar.nextChange(t)!;
      changes.push((t - T0) / MIN);
    }
    // a starts, patching starts, a ends, patching ends, b ends
    expect(changes).toEqual([30, 120, 150, 180, 600]);
  });

  it('has no next change without windows', () => {
    expect(new MaintenanceCalendar([]).nextChange(T0)).toBeUndefined();
  });
});
