import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '@aether/contract';
import { makeResult, makeService } from '@aether/contract/fixtures';
import { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import { FakeClock } from '../testing/fake-clock.js';
import { createServiceRevisions } from './service-revisions.js';

const START = 1_000;

function setup(n = 3) {
  let list: ServiceSummary[] = Array.from({ length: n }, (_, i) => makeService(i));
  const monitor = {
    listServices: () => list,
    getService: (id: string) => list.find((s) => s.id === id),
  } as unknown as Monitor;
  const events = new EventBus();
  const revisions = createServiceRevisions({ monitor, events, clock: new FakeClock(START) });
  const status = (s: ServiceSummary) =>
    events.publish('status', {
      serviceId: s.id,
      checkId: 'health',
      status: s.status,
      previous: 'up',
      since: s.since ?? '2026-11-27T12:00:00.000Z',
      service: s,
    });
  return {
    revisions,
    events,
    status,
    get list() {
      return list;
    },
    set list(next: ServiceSummary[]) {
      list = next;
    },
  };
}

const changes = (r: ReturnType<typeof setup>, since: number) => {
  const outcome = r.revisions.changesSince(since, r.list);
  if (outcome.kind !== 'changes') throw new Error(`expired at ${since}`);
  return { ...outcome, changed: outcome.changed.map((s) => s.id) };
};

describe('service revisions', () => {
  it('starts at the clock, with nothing changed since then', () => {
    const r = setup();
    expect(r.revisions.current).toBe(START);
    expect(changes(r, START)).toEqual({
      kind: 'changes',
      revision: START,
      changed: [],
      removed: [],
    });
  });

  it('moves on status events, not on results, and keeps only the latest change per service', () => {
    const r = setup();
    r.events.publish('result', makeResult('svc-00000', 'health', false));
    expect(r.revisions.current).toBe(START);
    r.status(r.list[1]!);
    r.status(r.list[0]!);
    r.status(r.list[1]!);
    expect(r.revisions.current).toBe(START + 3);
    expect(changes(r, START).changed).toEqual(['svc-00000', 'svc-00001']);
    expect(changes(r, START + 2).changed).toEqual(['svc-00001']);
    expect(changes(r, START + 3).changed).toEqual([]);
  });

  it('finds a few changes in a large list by id, in list order, and follows a new list', () => {
    const r = setup(100);
    for (const i of [70, 5, 42]) r.status(r.list[i]!);
    expect(changes(r, START).changed).toEqual(['svc-00005', 'svc-00042', 'svc-00070']);
    // the next build of the list: other objects, another order, one service gone
    r.list = r.list.filter((s) => s.id !== 'svc-00042').reverse();
    const outcome = r.revisions.changesSince(START, r.list);
    if (outcome.kind !== 'changes') throw new Error('expired');
    expect(outcome.changed.map((s) => s.id)).toEqual(['svc-00070', 'svc-00005']);
    expect(outcome.changed[0]).toBe(r.list[29]);
  });

  it.each([
    [
      'a renamed service',
      (l: ServiceSummary[]) => [l[0]!, { ...l[1]!, name: 'New' }, l[2]!],
      ['svc-00001'],
      [],
    ],
    [
      'a regrouped one',
      (l: ServiceSummary[]) => [{ ...l[0]!, group: 'x' }, l[1]!, l[2]!],
      ['svc-00000'],
      [],
    ],
    [
      'new tags',
      (l: ServiceSummary[]) => [l[0]!, l[1]!, { ...l[2]!, tags: ['t'] }],
      ['svc-00002'],
      [],
    ],
    [
      'an added check',
      (l: ServiceSummary[]) => [
        l[0]!,
        {
          ...l[1]!,
          checks: [
            ...l[1]!.checks,
            { id: 'db', type: 'tcp' as const, status: 'unknown' as const, since: null },
          ],
        },
        l[2]!,
      ],
      ['svc-00001'],
      [],
    ],
    [
      'a maintenance window',
      (l: ServiceSummary[]) => [
        { ...l[0]!, maintenance: { id: 'm', endsAt: '2026-11-27T13:00:00.000Z', reason: 'r' } },
        l[1]!,
        l[2]!,
      ],
      ['svc-00000'],
      [],
    ],
    [
      'a root cause',
      (l: ServiceSummary[]) => [
        l[0]!,
        l[1]!,
        { ...l[2]!, rootCause: { serviceId: 'db', checkId: 'port' } },
      ],
      ['svc-00002'],
      [],
    ],
    ['an added service', (l: ServiceSummary[]) => [...l, makeService(7)], ['svc-00007'], []],
    ['a removed service', (l: ServiceSummary[]) => [l[0]!, l[2]!], [], ['svc-00001']],
    [
      'only latency and uptime',
      (l: ServiceSummary[]) =>
        l.map((s) => ({ ...s, lastLatencyMs: 999, uptime: { h1: 0.1, h24: 0.2, d7: 0.3 } })),
      [],
      [],
    ],
  ])('after a resync: %s', (_what, edit, changed, removed) => {
    const r = setup();
    r.list = edit(r.list);
    r.revisions.resync();
    expect(changes(r, START)).toMatchObject({ changed, removed });
    expect(r.revisions.current).toBe(START + changed.length + removed.length);
  });

  it("takes a status event's service from the event, relayed ones too: no detail built per event", () => {
    const r = setup();
    let details = 0;
    const counted = createServiceRevisions({
      monitor: {
        listServices: () => r.list,
        getService: () => {
          details += 1;
          return undefined;
        },
      } as unknown as Monitor,
      events: r.events,
      clock: new FakeClock(START),
    });
    // svc-00001 went down under a dependency: its root cause moved with its status
    const down = {
      ...r.list[1]!,
      status: 'down' as const,
      rootCause: { serviceId: 'db', checkId: 'port' },
    };
    r.status(r.list[0]!);
    r.events.publish(
      'status',
      {
        serviceId: down.id,
        checkId: 'health',
        status: 'down',
        previous: 'up',
        since: '2026-11-27T12:00:00.000Z',
        service: down,
      },
      'gw-2',
    );
    expect(details).toBe(0);
    expect(counted.current).toBe(START + 2);
    // the list now shows what the events told: a resync finds nothing more to move
    r.list = [r.list[0]!, down, r.list[2]!];
    counted.resync();
    expect(counted.current).toBe(START + 2);
    expect(counted.changesSince(START, r.list)).toMatchObject({
      changed: [r.list[0], down],
      removed: [],
    });
    counted.close();
  });

  it('answers expired below its start and above its current revision', () => {
    const r = setup();
    expect(r.revisions.changesSince(START - 1, r.list).kind).toBe('expired');
    expect(r.revisions.changesSince(START + 1, r.list).kind).toBe('expired');
  });

  it('stays correct after compacting a long log', () => {
    const r = setup(2);
    for (let i = 0; i < 3000; i++) r.status(r.list[i % 2]!);
    expect(changes(r, START + 2999).changed).toEqual(['svc-00001']);
    expect(changes(r, START + 2998).changed).toEqual(['svc-00000', 'svc-00001']);
    expect(changes(r, START).changed.sort()).toEqual(['svc-00000', 'svc-00001']);
  });
});
